// The exact bytes that are sent: the same wire values that were hashed, nothing re-encoded.
import type { ContentType } from '../catalog/types.ts';

export interface RequestBody {
  contentType: ContentType;
  /** The Content-Type header, with the boundary for multipart. */
  contentTypeHeader: string;
  text: string;
}

export const MULTIPART_BOUNDARY = '----PayWayPlayground7MA4YWxkTrZu0gW';

export function serializeBody(contentType: ContentType, pairs: readonly (readonly [string, string])[]): RequestBody {
  if (contentType === 'application/json') {
    const object: Record<string, string> = {};
    for (const [name, value] of pairs) object[name] = value;
    return { contentType, contentTypeHeader: contentType, text: JSON.stringify(object) };
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    // URLSearchParams escapes "+" as %2B; a raw "+" would arrive as a space and break the hash.
    return { contentType, contentTypeHeader: contentType, text: new URLSearchParams(pairs as [string, string][]).toString() };
  }
  const text =
    pairs
      .map(([name, value]) => `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`)
      .join('') + `--${MULTIPART_BOUNDARY}--\r\n`;
  return { contentType, contentTypeHeader: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, text };
}
