// A scripted stand-in for the list server: tests change `routes` between updates and
// read `requests` to see which validators the client sent.

export type Route = (headers: Headers) => Response | Promise<Response>;

export function fakeServer() {
  const routes = new Map<string, Route>();
  const requests: { url: string; headers: Headers }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    requests.push({ url, headers });
    const route = routes.get(url);
    if (!route) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return route(headers);
  }) as typeof globalThis.fetch;
  return { routes, requests, fetch };
}

export function streamOf(bytes: Uint8Array, chunk = 256): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}
