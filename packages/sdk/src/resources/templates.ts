import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  RenderedTemplate,
  Template,
  TemplateCreateParams,
  TemplateDeleted,
  TemplateListParams,
  TemplateRenderParams,
  TemplateUpdateParams,
} from '../types-templates.js';

/**
 * `wagw.templates`: message bodies with `{{name}}` placeholders, filled in with variables when a
 * message is sent from one. A test key sees only test templates.
 */
export class Templates extends APIResource {
  /**
   * Creates a template. Its `variables` are the placeholder names the body holds. A name another
   * template of the tenant has throws `ConflictError` (`TEMPLATE_NAME_TAKEN`).
   *
   * @example
   * const tpl = await wagw.templates.create({
   *   name: 'order_shipped',
   *   body: { type: 'text', text: 'Hi {{first_name}}, order {{order}} has shipped.' },
   * });
   * tpl.variables; // ['first_name', 'order']
   */
  create(params: TemplateCreateParams, options?: RequestOptions): Promise<Template> {
    return this.transport.request({ method: 'POST', path: 'v1/templates', body: params }, options);
  }

  /**
   * The tenant's templates, oldest first; iterate with `for await` for every page.
   *
   * @example
   * for await (const tpl of wagw.templates.list()) console.log(tpl.name);
   */
  list(params?: TemplateListParams, options?: RequestOptions): PagePromise<Template> {
    return this.paginate('v1/templates', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<Template> {
    return this.transport.request({ method: 'GET', path: path`v1/templates/${id}` }, options);
  }

  /** Renames a template and/or replaces its body (whole). */
  update(id: string, params: TemplateUpdateParams, options?: RequestOptions): Promise<Template> {
    return this.transport.request({ method: 'PATCH', path: path`v1/templates/${id}`, body: params }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<TemplateDeleted> {
    return this.transport.request({ method: 'DELETE', path: path`v1/templates/${id}` }, options);
  }

  /**
   * Previews the body a message sent from the template with these variables would have; nothing is
   * sent. A placeholder without a variable throws `BadRequestError` with code
   * `TEMPLATE_VARIABLES_MISSING` (the names in `details.missing`); extra variables are ignored.
   *
   * @example
   * const { body } = await wagw.templates.render('tpl_…', { variables: { first_name: 'Ada', order: 'A-1042' } });
   */
  render(id: string, params: TemplateRenderParams = {}, options?: RequestOptions): Promise<RenderedTemplate> {
    return this.transport.request(
      { method: 'POST', path: path`v1/templates/${id}/render`, body: params },
      options,
    );
  }
}
