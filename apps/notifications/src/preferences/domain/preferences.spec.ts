import { NOTIFICATION_KINDS } from '@opencen/contracts';

import { changedPreferences, effectivePreferences } from './preferences';

describe('preferences', () => {
  it('gives every kind in-app by default, and the choice where there is one', () => {
    const preferences = effectivePreferences({
      'watchlist-hit': ['in-app', 'email'],
      'task-due': [],
    });
    expect(preferences['watchlist-hit']).toEqual(['in-app', 'email']);
    expect(preferences['task-due']).toEqual([]);
    expect(preferences['case-assigned']).toEqual(['in-app']);
    expect(Object.keys(preferences)).toHaveLength(NOTIFICATION_KINDS.length);
  });

  it('replaces the kinds changed and keeps the others', () => {
    const chosen = changedPreferences({ 'task-due': [] }, { 'case-rejected': ['email'] });
    expect(chosen).toEqual({ 'task-due': [], 'case-rejected': ['email'] });
  });
});
