// What every fake AWS endpoint of the tests shares: the JSON protocol's replies and errors, reading a request
// body, and listening on 127.0.0.1 only.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type JsonProtocol = 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';

export function replyJson(res: ServerResponse, status: number, body: unknown, protocol: JsonProtocol = 'application/x-amz-json-1.1'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': protocol, 'x-amzn-requestid': `fake-${Math.random().toString(16).slice(2)}`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An AWS JSON-protocol error; some services spell the message key `Message`. */
export function replyError(res: ServerResponse, status: number, type: string, message: string, protocol?: JsonProtocol, messageKey = 'message'): void {
  replyJson(res, status, { __type: type, [messageKey]: message }, protocol);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Listens on a free port of 127.0.0.1 and returns the server's URL. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake server has no port');
  return `http://127.0.0.1:${address.port}`;
}

/** Closes the server and any connection the SDK keeps alive. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
