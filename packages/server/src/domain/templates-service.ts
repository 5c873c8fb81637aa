import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import { isUniqueViolation, type Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import { checkPlaceholders, renderTemplate } from './template-render.js';
import type { Template, TemplateBody } from './template-types.js';
import type { Page, PageParams } from './types.js';

export interface TemplateParams {
  name?: string | undefined;
  body?: TemplateBody | undefined;
}

const nameTaken = (name: string) =>
  new AppError('TEMPLATE_NAME_TAKEN', { message: `A template named "${name}" exists.`, param: 'name' });

/**
 * A tenant's message templates: bodies with `{{placeholders}}`, rendered with variables when a
 * message is sent from one. Writing needs `messages:send`, reading and rendering `messages:read`;
 * a template of another tenant or mode is not found.
 */
export class TemplatesService {
  constructor(private readonly storage: Storage) {}

  async create(principal: Principal, params: TemplateParams): Promise<Template> {
    authorize(principal, 'messages:send');
    if (params.name === undefined) {
      throw new AppError('VALIDATION_FAILED', { message: 'name is required.', param: 'name' });
    }
    if (params.body === undefined) {
      throw new AppError('VALIDATION_FAILED', { message: 'body is required.', param: 'body' });
    }
    checkPlaceholders(params.body);
    const now = Date.now();
    const template: Template = {
      id: newId('tpl'),
      tenantId: principal.tenant.id,
      mode: principal.mode,
      name: params.name,
      body: params.body,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.storage.templates.insert(template);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(params.name);
      throw error;
    }
    return template;
  }

  async get(principal: Principal, id: string): Promise<Template> {
    authorize(principal, 'messages:read');
    const template = await this.storage.templates.get(principal.tenant.id, id);
    if (!template || template.mode !== principal.mode) throw new AppError('TEMPLATE_NOT_FOUND');
    return template;
  }

  async list(principal: Principal, page: PageParams): Promise<Page<Template>> {
    authorize(principal, 'messages:read');
    const rows = await this.storage.templates.list(
      principal.tenant.id,
      principal.mode,
      page.limit + 1,
      page.startingAfter,
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** PATCH semantics: what is given replaces what was; at least one of name and body. */
  async update(principal: Principal, id: string, params: TemplateParams): Promise<Template> {
    authorize(principal, 'messages:send');
    if (params.name === undefined && params.body === undefined) {
      throw new AppError('VALIDATION_FAILED', { message: 'Give name or body to change.', param: 'body' });
    }
    if (params.body !== undefined) checkPlaceholders(params.body);
    const current = await this.get(principal, id);
    try {
      await this.storage.templates.update(
        principal.tenant.id,
        id,
        {
          ...(params.name !== undefined && { name: params.name }),
          ...(params.body !== undefined && { body: params.body }),
        },
        Math.max(Date.now(), current.updatedAt),
      );
    } catch (error) {
      if (isUniqueViolation(error) && params.name !== undefined) throw nameTaken(params.name);
      throw error;
    }
    return this.get(principal, id);
  }

  async delete(principal: Principal, id: string): Promise<Template> {
    authorize(principal, 'messages:send');
    const template = await this.get(principal, id);
    if (!(await this.storage.templates.delete(principal.tenant.id, id))) {
      throw new AppError('TEMPLATE_NOT_FOUND');
    }
    return template;
  }

  /**
   * The template's body with `variables` filled in, ready to send (the caller adds `to`, and
   * authorizes the send itself). Throws TEMPLATE_NOT_FOUND, TEMPLATE_VARIABLES_MISSING, or
   * VALIDATION_FAILED (param `variables`) when the result is over the message limits.
   */
  async render(
    principal: Principal,
    id: string,
    variables: Readonly<Record<string, string>>,
  ): Promise<TemplateBody> {
    return (await this.preview(principal, id, variables)).body;
  }

  /** As `render`, with the template it was rendered from. */
  async preview(
    principal: Principal,
    id: string,
    variables: Readonly<Record<string, string>>,
  ): Promise<{ template: Template; body: TemplateBody }> {
    const template = await this.get(principal, id);
    return { template, body: renderTemplate(template.body, variables) };
  }
}
