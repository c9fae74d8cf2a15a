import { DomainRefusal, type NewMember } from '@opencen/contracts';

import { type Recipients } from '../../inbox/usecases/ports';

/**
 * Refuses members naming a user the auth service does not know (the inbox's Recipients: the
 * users that exist), naming each one's field: a message would reach nobody.
 */
export async function assertUsersExist(
  recipients: Recipients,
  members: readonly NewMember[],
): Promise<void> {
  const users = members.flatMap((m) => ('user' in m ? [m.user] : []));
  if (users.length === 0) return;
  const known = new Set((await recipients.of({ type: 'users', users })).map((r) => r.id));
  const problems = members.flatMap((member, index) =>
    'user' in member && !known.has(member.user)
      ? [{ path: `members.${index}.user`, reason: 'no such user', code: 'unknown_user' }]
      : [],
  );
  if (problems.length > 0) throw DomainRefusal.validation('Some members are not users', problems);
}
