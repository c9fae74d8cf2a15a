import { type CaseParty, type SubjectType } from '@opencen/contracts';

import { type SubjectLinks, repointLinks, restoreLinks } from './subject-links';

const party = (subjectType: CaseParty['subjectType'], subjectId: string): CaseParty => ({
  subjectType,
  subjectId,
  role: 'offender',
  arrested: false,
});

const links: SubjectLinks = {
  parties: [
    party('person', 'x-1'),
    party('company', 'x-1'),
    party('company', 'other'),
    party('company', 'x-1'),
  ],
  conveyance: { conveyanceId: 'x-1', flightOrVoyageNumber: 'AF443' },
};

const merge = (subjectType: SubjectType, mergeId = 'm-1') => ({
  subjectType,
  mergeId,
  mergedId: 'x-1',
  survivorId: 'x-9',
});

const ids = (l: SubjectLinks) => [...l.parties.map((p) => p.subjectId), l.conveyance?.conveyanceId];

describe('subject links after a merge', () => {
  it('re-point a merged person to the survivor once, and an undo restores them', () => {
    const repointed = repointLinks(links, [], merge('person'))!;
    expect(ids(repointed.links)).toEqual(['x-9', 'x-1', 'other', 'x-1', 'x-1']);
    expect(repointed.fields).toEqual(['parties']);
    expect(repointed.repoint).toEqual({ ...merge('person'), indexes: [0] });
    expect(repointLinks(repointed.links, [repointed.repoint], merge('person'))).toBeNull();
    const restored = restoreLinks(repointed.links, [repointed.repoint], 'm-1');
    expect(restored).toEqual({
      links,
      fields: ['parties'],
      repoints: [{ ...repointed.repoint, undone: true }],
    });
  });

  it('re-point only the company parties on a company merge', () => {
    const repointed = repointLinks(links, [], merge('company'))!;
    expect(ids(repointed.links)).toEqual(['x-1', 'x-9', 'other', 'x-9', 'x-1']);
    expect(repointed.repoint.indexes).toEqual([1, 3]);
    expect(repointed.fields).toEqual(['parties']);
    expect(restoreLinks(repointed.links, [repointed.repoint], 'm-1')?.links).toEqual(links);
  });

  it("re-point only the case's conveyance on a conveyance merge, and the undo restores it", () => {
    const repointed = repointLinks(links, [], merge('conveyance'))!;
    expect(ids(repointed.links)).toEqual(['x-1', 'x-1', 'other', 'x-1', 'x-9']);
    expect(repointed.links.conveyance).toEqual({
      conveyanceId: 'x-9',
      flightOrVoyageNumber: 'AF443',
    });
    expect(repointed.fields).toEqual(['conveyance']);
    expect(repointed.repoint).toEqual({ ...merge('conveyance'), indexes: [], conveyance: true });
    const restored = restoreLinks(repointed.links, [repointed.repoint], 'm-1')!;
    expect(restored.links).toEqual(links);
    expect(restored.fields).toEqual(['conveyance']);
  });

  it('leave a case that does not name the merged subject alone', () => {
    expect(repointLinks(links, [], { ...merge('company'), mergedId: 'someone' })).toBeNull();
    expect(repointLinks({ parties: links.parties }, [], merge('conveyance'))).toBeNull();
    expect(restoreLinks(links, [], 'm-1')).toBeNull();
  });

  it('never apply a merge again once undone, nor undo it twice', () => {
    const repointed = repointLinks(links, [], merge('company'))!;
    const restored = restoreLinks(repointed.links, [repointed.repoint], 'm-1')!;
    expect(repointLinks(restored.links, restored.repoints, merge('company'))).toBeNull();
    expect(restoreLinks(restored.links, restored.repoints, 'm-1')).toBeNull();
  });

  it('restore only the links still naming the survivor, leaving an officer’s later change', () => {
    const repointed = repointLinks(links, [], merge('company'))!;
    const edited: SubjectLinks = {
      ...repointed.links,
      parties: repointed.links.parties.map((p, i) => (i === 3 ? party('company', 'edited') : p)),
    };
    const restored = restoreLinks(edited, [repointed.repoint], 'm-1')!;
    expect(ids(restored.links)).toEqual(['x-1', 'x-1', 'other', 'edited', 'x-1']);
  });

  it('leave a party of another kind that names the survivor alone on undo', () => {
    const repointed = repointLinks(links, [], merge('company'))!;
    // An officer put the survivor id at index 1 as a person: not what the company merge moved.
    const edited: SubjectLinks = {
      ...repointed.links,
      parties: repointed.links.parties.map((p, i) => (i === 1 ? party('person', 'x-9') : p)),
    };
    const restored = restoreLinks(edited, [repointed.repoint], 'm-1')!;
    expect(restored.links.parties[1]).toEqual(party('person', 'x-9'));
    expect(restored.links.parties[3]).toEqual(party('company', 'x-1'));
  });

  it('read a record written before companies and conveyances were followed as a person merge', () => {
    const legacy = { mergeId: 'm-0', mergedId: 'x-1', survivorId: 'x-9', indexes: [0] };
    const repointed: SubjectLinks = { parties: [party('person', 'x-9')] };
    expect(restoreLinks(repointed, [legacy], 'm-0')?.links.parties).toEqual([
      party('person', 'x-1'),
    ]);
  });
});
