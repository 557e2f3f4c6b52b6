/**
 * Requests that Node's HTTP parser refuses before Express sees them (headers over 16 kB, a broken
 * request line, a header timeout) get the same problem+json as every other error, instead of
 * Node's bare status line.
 */
import { STATUS_CODES, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem } from './problem';

const statusOf = (code: string | undefined): number =>
  code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADER_TIMEOUT' ? 408 : 400;

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection the client already dropped has no one to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusOf(error.code);
    const body = JSON.stringify(problem(status, status === 431 ? 'Tiêu đề (headers) của yêu cầu vượt 16 kB' : 'Yêu cầu HTTP không đọc được'));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
