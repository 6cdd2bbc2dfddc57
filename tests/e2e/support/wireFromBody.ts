// Reads name/value pairs back out of a request body as the playground shows it.
export function wireFromBody(text: string, contentType: string): [string, string][] {
  if (contentType.startsWith('application/json')) return Object.entries(JSON.parse(text) as Record<string, string>);
  if (contentType.startsWith('application/x-www-form-urlencoded')) return [...new URLSearchParams(text)];
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no multipart boundary in "${contentType}"`);
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const match = /^\r\nContent-Disposition: form-data; name="([^"]*)"\r\n\r\n([\s\S]*)\r\n$/.exec(part);
      if (!match) throw new Error(`unreadable multipart part: ${JSON.stringify(part.slice(0, 80))}`);
      return [match[1]!, match[2]!] as [string, string];
    });
}
