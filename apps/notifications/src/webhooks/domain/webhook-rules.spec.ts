import { deliveryPosition, endpointProblem, eventTypeProblems } from './webhook-rules';

describe('webhook rules', () => {
  it('takes https, and http only where allowed, never with credentials', () => {
    expect(endpointProblem('https://partner.example/hooks', false)).toBeNull();
    expect(endpointProblem('http://partner.example/hooks', false)).toEqual({
      path: 'url',
      reason: 'Must be an https:// URL (http is not allowed here)',
    });
    expect(endpointProblem('http://127.0.0.1:8080/hooks', true)).toBeNull();
    expect(endpointProblem('https://user:pw@partner.example/', false)?.path).toBe('url');
    expect(endpointProblem('ftp://partner.example/', true)?.path).toBe('url');
  });

  it('names each event type that is unknown, or not for a case-exchange subscription', () => {
    const known = new Set(['cases.case.created.v1', 'cases.case.validated.v1']);
    expect(eventTypeProblems(['cases.case.created.v1'], known, 'cloudevent')).toEqual([]);
    expect(
      eventTypeProblems(['cases.case.created.v1', 'cases.case.gone.v1'], known, 'cloudevent'),
    ).toEqual([expect.objectContaining({ path: 'eventTypes.1' })]);
    expect(eventTypeProblems(['cases.case.created.v1'], known, 'case-exchange')).toEqual([
      expect.objectContaining({ path: 'eventTypes.0' }),
    ]);
    expect(
      eventTypeProblems(
        ['cases.case.validated.v1', 'cases.case.validated.v1'],
        known,
        'cloudevent',
      ),
    ).toEqual([expect.objectContaining({ path: 'eventTypes' })]);
  });

  it('positions deliveries in time order as text', () => {
    const earlier = deliveryPosition(new Date(999), 'b');
    const later = deliveryPosition(new Date(1000), 'a');
    expect(earlier < later).toBe(true);
    expect(later).toBe('0000000001000-a');
  });
});
