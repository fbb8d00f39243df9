// Image services behind /meow and /woof (Prow uses thecatapi.com and random.dog). Answers that are
// not what we expect become errors the plugins report politely.

/** The public image services Prow's cat and dog plugins use. */
export const DEFAULT_CAT_API_URL = 'https://api.thecatapi.com/v1/images/search';
export const DEFAULT_DOG_API_URL = 'https://random.dog/woof.json';

export function createCatImageFetcher(baseUrl: string, timeoutMs = 5000) {
  return async (category: string, movie: boolean): Promise<string> => {
    const url = new URL(baseUrl);
    url.searchParams.set('format', 'json');
    url.searchParams.set('results_per_page', '1');
    if (movie) url.searchParams.set('mime_types', 'gif');
    if (category) url.searchParams.set('category', category);
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`${url.host} answered ${res.status}`);
    const body = (await res.json()) as Array<{ url?: string }>;
    const found = Array.isArray(body) ? body[0]?.url : undefined;
    if (!found) throw new Error(`${url.host} returned no image`);
    return found;
  };
}

/** random.dog's `woof.json` answers `{ url }`; Prow keeps only pictures (jpg, gif, png). */
export function createDogImageFetcher(baseUrl: string, timeoutMs = 5000) {
  return async (): Promise<string> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await fetch(baseUrl, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`${new URL(baseUrl).host} answered ${res.status}`);
      const { url } = (await res.json()) as { url?: string };
      if (url && /\.(jpe?g|gif|png)$/i.test(url)) return url;
    }
    throw new Error('no picture found');
  };
}
