/**
 * The user directory as the apps use it: acts on users go through the one command path (their
 * events are the record of who granted whom what), passwords and sessions through the identity
 * store. Sign-in with a password: the same work and the same answer for an unknown user as for a
 * wrong password; LOGIN_MAX_FAILURES wrong passwords in a row lock the account (an event, by the
 * system) until an admin resets the password or unlocks it.
 */
import { randomUUID } from 'node:crypto';
import { Actor, actorOfUser, ProfileChanges, userDecider, UserCommand, UserProfile, UserState, userStreamId } from '@app/domain';
import { EventStore } from '@app/event-store';
import { CommandContext, CommandHandler, fold } from '../command-handler';
import { nameBasedUuid } from '../ids';
import { IdentityStore, Session } from './identity-store';
import { checkPassword, dummyHash, hashPassword, passwordProblem, randomPassword } from './passwords';

export const SYSTEM_ACTOR: Actor = { sub: 'system', role: 'system', name: 'Hệ thống' };
export const FIRST_ADMIN_USERNAME = 'admin';

/** A user's id: derived from the lower-cased username, so that one username is one stream. */
export const userIdOf = (username: string): string => nameBasedUuid(`user\u0000${username.trim().toLowerCase()}`);

export class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type LoginResult =
  | { readonly ok: true; readonly token: string; readonly session: Session; readonly actor: Actor }
  | { readonly ok: false; readonly reason: 'wrong-credentials' | 'disabled' | 'locked'; readonly userId?: string };

export interface AccountChange extends ProfileChanges {
  readonly disabled?: boolean;
  readonly password?: string;
  readonly unlock?: boolean;
}

export class UserDirectory {
  constructor(
    private readonly commands: CommandHandler,
    private readonly store: EventStore,
    readonly identity: IdentityStore,
    private readonly maxFailures: number,
  ) {}

  async state(userId: string): Promise<{ state: UserState; version: number }> {
    const events = await this.store.readStream(userStreamId(userId));
    return { state: fold(userDecider, events), version: events.length };
  }

  /** Who a signed-in user acts as now: undefined once disabled or locked, and a role change counts at the next request. */
  async actorOf(userId: string): Promise<{ actor?: Actor; state: UserState }> {
    const { state } = await this.state(userId);
    const actor = actorOfUser(state);
    return actor ? { actor, state } : { state };
  }

  private run(
    userId: string,
    actor: Actor,
    commands: readonly Omit<UserCommand, 'metadata'>[],
    context: CommandContext,
    commandIds?: readonly string[],
  ) {
    const now = new Date();
    return this.commands.handle(
      userDecider,
      userStreamId(userId),
      commands.map((c, i) => ({ ...c, metadata: { actor, now, commandId: commandIds?.[i] ?? randomUUID() } }) as UserCommand),
      context,
    );
  }

  /** Creates a user with their first password; the password is checked before anything is recorded. */
  async create(actor: Actor, profile: UserProfile, password: string, context: CommandContext = {}, commandId?: string) {
    const weak = passwordProblem(password);
    if (weak) throw new WeakPasswordError(weak);
    const userId = userIdOf(profile.username);
    const handled = await this.run(
      userId,
      actor,
      [
        { type: 'CreateUser', data: { userId, ...profile, username: profile.username.trim().toLowerCase() } },
        { type: 'RecordPasswordSet', data: { reason: 'initial' } },
      ],
      context,
      commandId ? [commandId, `${commandId}:password`].map((id) => nameBasedUuid(id)) : undefined,
    );
    // After the append, so that a taken username never has its password replaced; a crash between the two leaves a user an admin resets.
    if (!handled.duplicate) await this.identity.setPassword(userId, await hashPassword(password));
    return { userId, version: handled.version, duplicate: handled.duplicate };
  }

  /** Changes a user's profile, status and password as one act; disabling or a password reset ends their sessions. */
  async change(actor: Actor, userId: string, change: AccountChange, context: CommandContext = {}) {
    const { disabled, password, unlock, ...profile } = change;
    if (password !== undefined) {
      const weak = passwordProblem(password);
      if (weak) throw new WeakPasswordError(weak);
    }
    const commands: Omit<UserCommand, 'metadata'>[] = [];
    if (Object.values(profile).some((v) => v !== undefined)) commands.push({ type: 'ChangeUser', data: profile });
    if (disabled === true) commands.push({ type: 'DisableUser', data: {} });
    if (disabled === false) commands.push({ type: 'EnableUser', data: {} });
    if (password !== undefined) commands.push({ type: 'RecordPasswordSet', data: { reason: 'reset' } });
    if (unlock === true) commands.push({ type: 'UnlockUser', data: {} });
    const handled = await this.run(userId, actor, commands.length ? commands : [{ type: 'ChangeUser', data: {} }], context);
    if (password !== undefined) await this.identity.setPassword(userId, await hashPassword(password));
    if (disabled === true || password !== undefined) await this.identity.revokeSessions(userId);
    return { version: handled.version, state: handled.state };
  }

  async login(username: string, password: string, client: { address?: string; userAgent?: string }): Promise<LoginResult> {
    const userId = userIdOf(username);
    const credentials = await this.identity.passwordHash(userId);
    const { ok, rehash } = await checkPassword(password, credentials?.hash ?? (await dummyHash()));
    if (!credentials) return { ok: false, reason: 'wrong-credentials' };
    const { state } = await this.state(userId);
    if (state.status === 'Initial') return { ok: false, reason: 'wrong-credentials' };
    if (!ok) {
      const failures = await this.identity.recordFailure(userId);
      if (failures >= this.maxFailures && !state.locked) await this.run(userId, SYSTEM_ACTOR, [{ type: 'RecordLockout', data: { failures } }], {});
      return { ok: false, reason: 'wrong-credentials', userId };
    }
    // Told only to whoever knows the password: the account exists but may not sign in.
    if (state.status === 'Disabled') return { ok: false, reason: 'disabled', userId };
    if (state.locked) return { ok: false, reason: 'locked', userId };
    await this.identity.clearFailures(userId);
    if (rehash) await this.identity.setPassword(userId, await hashPassword(password));
    return { ok: true, ...(await this.identity.startSession(userId, 'password', client)), actor: actorOfUser(state)! };
  }

  /** A session for a user an identity provider vouched for. */
  async loginFederated(userId: string, client: { address?: string; userAgent?: string }): Promise<LoginResult> {
    const { actor, state } = await this.actorOf(userId);
    if (!actor)
      return { ok: false, reason: state.status === 'Disabled' ? 'disabled' : state.status === 'Initial' ? 'wrong-credentials' : 'locked', userId };
    return { ok: true, ...(await this.identity.startSession(userId, 'oidc', client)), actor };
  }

  /** First start: the `admin` user, with ADMIN_PASSWORD or a drawn password (returned, to be printed once). */
  async ensureFirstAdmin(adminPassword?: string): Promise<{ created: false } | { created: true; password: string; drawn: boolean }> {
    const userId = userIdOf(FIRST_ADMIN_USERNAME);
    if ((await this.state(userId)).state.status !== 'Initial') return { created: false };
    const password = adminPassword ?? randomPassword();
    const profile: UserProfile = { username: FIRST_ADMIN_USERNAME, displayName: 'Quản trị hệ thống', role: 'admin', councilEligible: false };
    // The command id is fixed, so two processes starting at once create one admin, not two attempts that collide.
    const created = await this.create(SYSTEM_ACTOR, profile, password, {}, 'first-admin');
    if (created.duplicate) return { created: false };
    return { created: true, password, drawn: adminPassword === undefined };
  }
}
