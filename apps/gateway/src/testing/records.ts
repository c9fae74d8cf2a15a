// The fields every record of the persons service has, for the replies of stubbed services.
export const recordFields = {
  office: 'FRA-CDG',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'sub-officer',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'sub-officer',
  classification: 'restricted' as const,
  caseCount: 0,
};
