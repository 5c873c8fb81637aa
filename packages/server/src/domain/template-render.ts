import { AppError } from '../errors/app-error.js';
import type { TemplateBody } from './template-types.js';

/** The longest text and caption a message may have (as the send schema says). */
export const TEXT_MAX = 65_536;
export const CAPTION_MAX = 4096;

/** `{{name}}`: letters, digits and underscores, with optional whitespace inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The fields of a body that may hold placeholders, by their path in the body. */
function templated(body: TemplateBody): Array<[field: 'text' | 'caption', value: string]> {
  if (body.type === 'text') return [['text', body.text]];
  return body.caption === undefined ? [] : [['caption', body.caption]];
}

/**
 * Throws VALIDATION_FAILED (param `body.text` or `body.caption`) when a field has `{{` that does
 * not open a well-formed placeholder (`{{first-name}}`, `{{}}`, an unclosed `{{name`).
 */
export function checkPlaceholders(body: TemplateBody): void {
  for (const [field, value] of templated(body)) {
    const rest = value.replace(PLACEHOLDER, '');
    const at = rest.indexOf('{{');
    if (at !== -1) {
      throw new AppError('VALIDATION_FAILED', {
        message: `body.${field} has a malformed placeholder near "${rest.slice(at, at + 20)}": write {{name}} with letters, digits and underscores only.`,
        param: `body.${field}`,
      });
    }
  }
}

/** The distinct placeholder names of a body, in order of first appearance. */
export function templateVariables(body: TemplateBody): string[] {
  const names = new Set<string>();
  for (const [, value] of templated(body)) {
    for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1] as string);
  }
  return [...names];
}

/**
 * The body with every placeholder replaced by its variable. Values are inserted as they are (a
 * value holding `{{x}}` is not rendered again); variables the body does not use are ignored, so a
 * CSV row can carry other columns. A missing variable is TEMPLATE_VARIABLES_MISSING; a result over
 * the message limits is VALIDATION_FAILED on `variables`.
 */
export function renderTemplate(
  body: TemplateBody,
  variables: Readonly<Record<string, string>>,
): TemplateBody {
  const missing = templateVariables(body).filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) {
    throw new AppError('TEMPLATE_VARIABLES_MISSING', {
      message: `Missing template variables: ${missing.join(', ')}.`,
      param: 'variables',
      details: { missing },
    });
  }
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => String(variables[name]));
  if (body.type === 'text') {
    const text = fill(body.text);
    checkLength('text', text, TEXT_MAX);
    return { type: 'text', text };
  }
  if (body.caption === undefined) return { type: body.type, media: { ...body.media } };
  const caption = fill(body.caption);
  checkLength('caption', caption, CAPTION_MAX);
  return { type: body.type, media: { ...body.media }, caption };
}

function checkLength(field: string, value: string, max: number): void {
  // Counted in code points, as the send schema counts them.
  const length = value.length > max ? [...value].length : value.length;
  if (length > max) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The rendered ${field} is ${length} characters long, over the limit of ${max}: shorten the variables.`,
      param: 'variables',
    });
  }
  if (value.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The rendered ${field} is empty: give the variables a value.`,
      param: 'variables',
    });
  }
}
