import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common.js';

export const MediaFile = Type.Object(
  {
    id: Type.String({ examples: ['med_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    object: Type.Literal('media'),
    content_type: Type.String({
      description: 'Read from the bytes, not taken from the client.',
      examples: ['image/png'],
    }),
    size: Type.Integer({ minimum: 1, description: 'Bytes.' }),
    sha256: Type.String({ description: 'Hex SHA-256 of the bytes.' }),
    filename: Nullable(Type.String()),
    source: Type.Union([Type.Literal('upload'), Type.Literal('url'), Type.Literal('inbound')]),
    mode: Type.Union([Type.Literal('live'), Type.Literal('test')]),
    created_at: Timestamp,
  },
  { $id: 'MediaFile' },
);

export const mediaSchemas = [MediaFile];
