// Enum values from the API, in the viewer's language.
import type { PostingPolicy, ReactionKind, Role, SpaceRole, ThreadKind, Visibility } from '../generated/graphql';
import { t } from './i18n.svelte';

export const THREAD_KINDS: ThreadKind[] = ['DISCUSSION', 'QUESTION', 'LESSON_LEARNED'];
export const REACTIONS: ReactionKind[] = ['LIKE', 'INSIGHTFUL', 'THANKS'];
export const VISIBILITIES: Visibility[] = ['PUBLIC', 'MEMBERS', 'PRIVATE'];
export const POSTING_POLICIES: PostingPolicy[] = ['EVERYONE', 'SPACE_MEMBERS', 'MODERATORS'];
/** ASEAN member states, in the order the design lists them. */
export const COUNTRIES = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'];

export function kindLabel(kind: ThreadKind): string {
  return { DISCUSSION: t('kind.discussion'), QUESTION: t('kind.question'), LESSON_LEARNED: t('kind.lesson') }[kind];
}

export function reactionLabel(reaction: ReactionKind): string {
  return { LIKE: t('reaction.like'), INSIGHTFUL: t('reaction.insightful'), THANKS: t('reaction.thanks') }[reaction];
}

export function visibilityLabel(visibility: Visibility): string {
  return { PUBLIC: t('visibility.public'), MEMBERS: t('visibility.members'), PRIVATE: t('visibility.private') }[
    visibility
  ];
}

export function visibilityHint(visibility: Visibility): string {
  return {
    PUBLIC: t('visibility.publicHint'),
    MEMBERS: t('visibility.membersHint'),
    PRIVATE: t('visibility.privateHint'),
  }[visibility];
}

export function policyLabel(policy: PostingPolicy): string {
  return {
    EVERYONE: t('policy.everyone'),
    SPACE_MEMBERS: t('policy.members'),
    MODERATORS: t('policy.moderators'),
  }[policy];
}

export function roleLabel(role: Role): string {
  return {
    MEMBER: t('role.member'),
    FOCAL_POINT: t('role.focalPoint'),
    MODERATOR: t('role.moderator'),
    ADMIN: t('role.admin'),
  }[role];
}

export function spaceRoleLabel(role: SpaceRole): string {
  return { MEMBER: t('spaceRole.member'), MODERATOR: t('spaceRole.moderator') }[role];
}
