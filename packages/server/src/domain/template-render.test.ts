import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import {
  CAPTION_MAX,
  checkPlaceholders,
  renderTemplate,
  TEXT_MAX,
  templateVariables,
} from './template-render.js';
import type { TemplateBody } from './template-types.js';

const text = (t: string): TemplateBody => ({ type: 'text', text: t });
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected it to throw');
};

describe('templateVariables', () => {
  it('lists distinct names in order of first appearance, spaces inside the braces allowed', () => {
    expect(
      templateVariables(text('Hi {{ first_name }}, order {{order}} for {{first_name}} {{ X9 }}')),
    ).toEqual(['first_name', 'order', 'X9']);
  });

  it("reads a media body's caption, and nothing from its media reference", () => {
    expect(
      templateVariables({ type: 'image', media: { url: 'https://x.test/{{a}}.png' }, caption: '{{b}}' }),
    ).toEqual(['b']);
    expect(templateVariables({ type: 'document', media: { id: 'med_1' } })).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder, ignores extra variables and does not render values again', () => {
    const body = text('Hi {{ name }}, {{name}}! Code: {{code}}');
    expect(renderTemplate(body, { name: 'Ada', code: '{{name}}', city: 'London' })).toEqual(
      text('Hi Ada, Ada! Code: {{name}}'),
    );
    // Replacement patterns in values are literal text.
    expect(renderTemplate(text('{{v}}'), { v: '$& $1 $$' })).toEqual(text('$& $1 $$'));
  });

  it('renders a caption and keeps the media reference', () => {
    const body: TemplateBody = { type: 'video', media: { id: 'med_1' }, caption: 'For {{who}}' };
    expect(renderTemplate(body, { who: 'you' })).toEqual({
      type: 'video',
      media: { id: 'med_1' },
      caption: 'For you',
    });
    expect(renderTemplate({ type: 'image', media: { url: 'https://x.test/a.png' } }, {})).toEqual({
      type: 'image',
      media: { url: 'https://x.test/a.png' },
    });
  });

  it('names every missing variable in a TEMPLATE_VARIABLES_MISSING on param variables', () => {
    const error = thrown(() => renderTemplate(text('{{a}} {{b}} {{c}}'), { b: 'x' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('TEMPLATE_VARIABLES_MISSING');
    expect(error.param).toBe('variables');
    expect(error.message).toContain('a, c');
    expect(error.details).toEqual({ missing: ['a', 'c'] });
    // An inherited property is not a variable.
    expect(thrown(() => renderTemplate(text('{{constructor}}'), {})).code).toBe('TEMPLATE_VARIABLES_MISSING');
  });

  it('refuses a rendered text or caption over the limits, or empty, as VALIDATION_FAILED on variables', () => {
    const long = thrown(() => renderTemplate(text('x{{v}}'), { v: 'y'.repeat(TEXT_MAX) }));
    expect([long.code, long.param]).toEqual(['VALIDATION_FAILED', 'variables']);
    expect(renderTemplate(text('x{{v}}'), { v: 'y'.repeat(TEXT_MAX - 1) }).type).toBe('text');
    const caption = thrown(() =>
      renderTemplate(
        { type: 'image', media: { id: 'med_1' }, caption: '{{v}}' },
        { v: 'c'.repeat(CAPTION_MAX + 1) },
      ),
    );
    expect([caption.code, caption.param]).toEqual(['VALIDATION_FAILED', 'variables']);
    const empty = thrown(() => renderTemplate(text('{{v}}'), { v: '' }));
    expect([empty.code, empty.param]).toEqual(['VALIDATION_FAILED', 'variables']);
  });

  it('counts code points, as the send schema does', () => {
    const emoji = '😀'.repeat(TEXT_MAX);
    expect(renderTemplate(text('{{v}}'), { v: emoji })).toEqual(text(emoji));
  });
});

describe('checkPlaceholders', () => {
  it('accepts well-formed placeholders and text without any', () => {
    expect(() => checkPlaceholders(text('Hi {{ name }} } { }}'))).not.toThrow();
  });

  it.each(['{{first-name}}', '{{}}', 'Hi {{name', '{{ two words }}', '{{ name }'])(
    'refuses %s as VALIDATION_FAILED on the field',
    (bad) => {
      const error = thrown(() => checkPlaceholders(text(bad)));
      expect([error.code, error.param]).toEqual(['VALIDATION_FAILED', 'body.text']);
      const inCaption = thrown(() =>
        checkPlaceholders({ type: 'image', media: { id: 'med_1' }, caption: bad }),
      );
      expect(inCaption.param).toBe('body.caption');
    },
  );
});
