/**
 * Who acts when the CLI writes to the store directly: the operating-system account that runs it. It
 * holds the data directory (or the database URL), which is an administrator's power; its acts are
 * recorded under that account's name, never under a made-up user.
 */
import { hostname, userInfo } from 'node:os';
import { Actor } from '@app/domain';

export function cliUser(): Actor {
  const who = `${userInfo().username}@${hostname()}`;
  return { sub: `cli:${who}`, role: 'admin', name: `Dòng lệnh (${who})` };
}
