/**
 * The user directory (docs/AUTH.md): who may sign in, with which role and scope, and who granted it
 * when. A user is a stream `user-<id>`; its id is derived from the lower-cased username, so a taken
 * username is a stream that already exists. Passwords never enter the log: a `PasswordSet` event
 * records that a password was set or reset, and by whom; the hash lives with the credentials.
 *
 * A province admin (an admin with a province) manages only users of their province; a national admin
 * manages everyone. Nobody disables or demotes themself, so a directory always keeps its admin.
 */
import { provinceOf } from '../rules/provinces';
import { IllegalTransitionError, InvalidCommandError, NotPermittedError } from '../shared/errors';
import { isOrganisationId, requireText } from '../shared/guards';
import { Actor, assertNever, Command, Decider, Event, ROLES } from '../shared/messages';

export type UserRole = (typeof ROLES)[number];

export interface UserProfile {
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  /** The applicant's organisation. */
  readonly org?: string;
  /** Province of province staff (and of the applicants a province admin manages). */
  readonly province?: string;
  readonly email?: string;
  /** May be named to an appraisal or acceptance council. */
  readonly councilEligible: boolean;
}

/** What an admin may change; `null` clears an optional field. */
export interface ProfileChanges {
  readonly displayName?: string;
  readonly role?: UserRole;
  readonly org?: string | null;
  readonly province?: string | null;
  readonly email?: string | null;
  readonly councilEligible?: boolean;
}

export type UserCommand =
  | Command<'CreateUser', UserProfile & { readonly userId: string }>
  | Command<'ChangeUser', ProfileChanges>
  | Command<'DisableUser', { readonly reason?: string }>
  | Command<'EnableUser', Record<string, never>>
  | Command<'RecordPasswordSet', { readonly reason: 'initial' | 'reset' }>
  | Command<'RecordLockout', { readonly failures: number }>
  | Command<'UnlockUser', Record<string, never>>;

export type UserEvent =
  | Event<'UserCreated', UserProfile & { readonly userId: string }>
  | Event<'UserChanged', ProfileChanges>
  | Event<'UserDisabled', { readonly reason?: string }>
  | Event<'UserEnabled', Record<string, never>>
  | Event<'PasswordSet', { readonly reason: 'initial' | 'reset' }>
  | Event<'UserLockedOut', { readonly failures: number }>
  | Event<'UserUnlocked', Record<string, never>>;

/** Every user event type, once (a new event that is not listed fails to compile). */
const USER_EVENT_TYPES: { readonly [T in UserEvent['type']]: true } = {
  UserCreated: true,
  UserChanged: true,
  UserDisabled: true,
  UserEnabled: true,
  PasswordSet: true,
  UserLockedOut: true,
  UserUnlocked: true,
};
export const isUserEventType = (type: string): type is UserEvent['type'] => Object.hasOwn(USER_EVENT_TYPES, type);

export type UserState =
  | { readonly status: 'Initial' }
  | { readonly status: 'Active' | 'Disabled'; readonly userId: string; readonly profile: UserProfile; readonly locked: boolean };

export const USER_STREAM_PREFIX = 'user-';
export const userStreamId = (userId: string): string => `${USER_STREAM_PREFIX}${userId}`;

/** Usernames: 3–64 characters of lower-case letters, digits, `.`, `_`, `-` and `@` (an e-mail address serves). */
export const USERNAME = /^[a-z0-9](?:[a-z0-9._@-]{1,62}[a-z0-9])$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** Whether `actor` may manage a user with this profile: any admin without a province; a province admin inside their province. */
export function managesUser(actor: Actor, profile: Pick<UserProfile, 'province'>): boolean {
  if (actor.role === 'system') return true;
  if (actor.role !== 'admin') return false;
  return actor.province === undefined || profile.province === actor.province;
}

function requireProfile(profile: UserProfile): UserProfile {
  const { role, org, province, email } = profile;
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidCommandError('role', `phải là một trong ${ROLES.join(', ')}`);
  if (role === 'applicant' && !isOrganisationId(org)) throw new InvalidCommandError('org', 'tài khoản doanh nghiệp phải có mã tổ chức hợp lệ');
  if (role !== 'applicant' && org !== undefined) throw new InvalidCommandError('org', 'chỉ tài khoản doanh nghiệp có mã tổ chức');
  if (province !== undefined && provinceOf(province) === undefined) throw new InvalidCommandError('province', 'mã tỉnh không có trong danh mục');
  if (email !== undefined && !EMAIL.test(email)) throw new InvalidCommandError('email', 'không phải địa chỉ thư điện tử hợp lệ');
  requireText(profile.displayName, 'displayName', 200);
  return profile;
}

function requireManaged(actor: Actor, profile: UserProfile, what: string): void {
  if (!managesUser(actor, profile)) throw new NotPermittedError(`Quản trị cấp tỉnh chỉ ${what} người dùng của tỉnh mình`);
}

function existing(state: UserState, command: string): Exclude<UserState, { status: 'Initial' }> {
  if (state.status === 'Initial') throw new IllegalTransitionError(command, state.status, 'người dùng');
  return state;
}

/** The profile after changes (null clears). */
export function applyChanges(profile: UserProfile, changes: ProfileChanges): UserProfile {
  const next: Record<string, unknown> = { ...profile };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as UserProfile;
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  const { actor } = command.metadata;
  switch (command.type) {
    case 'CreateUser': {
      if (state.status !== 'Initial') throw new IllegalTransitionError(command.type, state.status, 'người dùng');
      const { userId, ...profile } = command.data;
      if (!USERNAME.test(profile.username)) {
        throw new InvalidCommandError('username', 'tên đăng nhập gồm 3–64 chữ thường không dấu, chữ số, ".", "_", "-" hoặc "@"');
      }
      requireProfile(profile);
      requireManaged(actor, profile, 'tạo');
      return [{ type: 'UserCreated', data: { userId, ...profile } }];
    }
    case 'ChangeUser': {
      const user = existing(state, command.type);
      requireManaged(actor, user.profile, 'sửa');
      const after = requireProfile(applyChanges(user.profile, command.data));
      requireManaged(actor, after, 'chuyển');
      if (actor.sub === user.userId && after.role !== 'admin') throw new NotPermittedError('Không thể tự bỏ vai trò quản trị của mình');
      const changes = Object.fromEntries(
        Object.entries(command.data).filter(
          ([key, value]) => value !== undefined && (user.profile as unknown as Record<string, unknown>)[key] !== (value ?? undefined),
        ),
      ) as ProfileChanges;
      return Object.keys(changes).length === 0 ? [] : [{ type: 'UserChanged', data: changes }];
    }
    case 'DisableUser': {
      const user = existing(state, command.type);
      requireManaged(actor, user.profile, 'khoá');
      if (actor.sub === user.userId) throw new NotPermittedError('Không thể tự vô hiệu hoá tài khoản của mình');
      if (user.status === 'Disabled') return [];
      const { reason } = command.data;
      return [{ type: 'UserDisabled', data: reason ? { reason: requireText(reason, 'reason', 500) } : {} }];
    }
    case 'EnableUser': {
      const user = existing(state, command.type);
      requireManaged(actor, user.profile, 'mở khoá');
      return user.status === 'Active' ? [] : [{ type: 'UserEnabled', data: {} }];
    }
    case 'RecordPasswordSet': {
      const user = existing(state, command.type);
      requireManaged(actor, user.profile, 'đặt mật khẩu cho');
      // A reset also lifts a lockout: that is how an admin lets a locked-out user back in.
      return [{ type: 'PasswordSet', data: { reason: command.data.reason } }, ...(user.locked ? [{ type: 'UserUnlocked', data: {} } as const] : [])];
    }
    case 'RecordLockout': {
      const user = existing(state, command.type);
      if (actor.role !== 'system') throw new NotPermittedError('Chỉ hệ thống khoá tài khoản sau nhiều lần đăng nhập sai');
      return user.locked ? [] : [{ type: 'UserLockedOut', data: { failures: command.data.failures } }];
    }
    case 'UnlockUser': {
      const user = existing(state, command.type);
      requireManaged(actor, user.profile, 'mở khoá');
      return user.locked ? [{ type: 'UserUnlocked', data: {} }] : [];
    }
    default:
      return assertNever(command, 'user command');
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserCreated') {
    const { userId, ...profile } = event.data;
    return { status: 'Active', userId, profile, locked: false };
  }
  if (state.status === 'Initial') return state;
  switch (event.type) {
    case 'UserChanged':
      return { ...state, profile: applyChanges(state.profile, event.data) };
    case 'UserDisabled':
      return { ...state, status: 'Disabled' };
    case 'UserEnabled':
      return { ...state, status: 'Active' };
    case 'PasswordSet':
      return state;
    case 'UserLockedOut':
      return { ...state, locked: true };
    case 'UserUnlocked':
      return { ...state, locked: false };
    default:
      return assertNever(event, 'user event');
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: () => ({ status: 'Initial' }),
  isTerminal: () => false,
};

/** The actor a signed-in user acts as: their id is the `sub` every event records. */
export function actorOfUser(state: UserState): Actor | undefined {
  if (state.status !== 'Active' || state.locked) return undefined;
  const { profile } = state;
  return {
    sub: state.userId,
    role: profile.role,
    name: profile.displayName,
    ...(profile.org ? { org: profile.org } : {}),
    ...(profile.province ? { province: profile.province } : {}),
  };
}
