import { aConveyance, aConveyanceDraft } from '../testing/conveyances.fixtures';
import {
  compareConveyances,
  conveyanceIssues,
  identifierKey,
  identifierKeysOf,
} from './conveyance';

describe('conveyanceIssues', () => {
  it('accepts each type with one of the identifiers it needs', () => {
    expect(conveyanceIssues(aConveyanceDraft({ type: 'vehicle', plate: 'AB-123-CD' }))).toEqual([]);
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'trailer', vin: 'WVWZZZ1JZXW000001' })),
    ).toEqual([]);
    expect(conveyanceIssues(aConveyanceDraft({ type: 'vessel', callSign: '9HA2954' }))).toEqual([]);
    expect(conveyanceIssues(aConveyanceDraft({ type: 'vessel', mmsi: '215 123 456' }))).toEqual([]);
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'aircraft', aircraftRegistration: 'F-GKXA' })),
    ).toEqual([]);
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'container', containerNumber: 'CSQU 305438 3' })),
    ).toEqual([]);
  });

  it('names the missing identifier of each type', () => {
    expect(conveyanceIssues(aConveyanceDraft({ type: 'vessel', flag: 'MT' }))).toEqual([
      {
        path: 'draft.imoNumber',
        reason: 'a vessel needs an IMO number, MMSI or call sign',
        code: 'required',
      },
    ]);
    expect(conveyanceIssues(aConveyanceDraft({ type: 'container' }))[0]).toMatchObject({
      path: 'draft.containerNumber',
    });
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'vehicle', make: 'Renault' }))[0],
    ).toMatchObject({
      path: 'draft.plate',
      reason: 'a vehicle needs a plate or VIN',
    });
    expect(conveyanceIssues(aConveyanceDraft({ type: 'aircraft' }))[0]?.path).toBe(
      'draft.aircraftRegistration',
    );
  });

  it('refuses a container number with a wrong check digit, saying which it should be', () => {
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'container', containerNumber: 'CSQU3054384' })),
    ).toEqual([
      {
        path: 'draft.containerNumber',
        reason: 'not a valid ISO 6346 container number: check digit should be 3',
        code: 'check_digit',
      },
    ]);
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'container', containerNumber: 'CSQ3054383' }))[0],
    ).toMatchObject({
      path: 'draft.containerNumber',
      code: 'format',
    });
  });

  it('refuses an IMO number with a wrong check digit, and bad VINs and MMSIs', () => {
    expect(
      conveyanceIssues(aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO 9074728' })),
    ).toEqual([
      {
        path: 'draft.imoNumber',
        reason: 'not a valid IMO number: check digit should be 9',
        code: 'check_digit',
      },
    ]);
    const issues = conveyanceIssues(
      aConveyanceDraft({ type: 'vessel', callSign: 'X', vin: 'TOO-SHORT', mmsi: '12345' }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['draft.vin', 'draft.mmsi']);
  });
});

describe('identifier keys', () => {
  it('are normalised and prefixed by kind', () => {
    const draft = aConveyanceDraft({
      type: 'vessel',
      imoNumber: 'IMO 9074729',
      mmsi: '215-123-456',
      callSign: '9ha 2954',
    });
    expect(identifierKeysOf(draft)).toEqual(['callsign:9HA2954', 'imo:9074729', 'mmsi:215123456']);
    expect(identifierKey('imoNumber', '9074729')).toBe('imo:9074729');
    expect(identifierKey('plate', 'ав 123-сd')).toBe('plate:AB123CD');
  });
});

describe('compareConveyances', () => {
  const known = aConveyance(
    aConveyanceDraft({ type: 'vehicle', plate: 'AB-123-CD', plateCountry: 'FR' }),
  );

  it('is strong on an equal identifier, and says which', () => {
    expect(
      compareConveyances(aConveyanceDraft({ type: 'vehicle', plate: 'ab123cd' }), known),
    ).toEqual({
      strength: 'strong',
      reasons: ['plate equal after normalisation: ab123cd = AB-123-CD'],
    });
  });

  it('is possible for an equal plate of another country', () => {
    const draft = aConveyanceDraft({ type: 'vehicle', plate: 'AB123CD', plateCountry: 'DE' });
    expect(compareConveyances(draft, known)?.strength).toBe('possible');
  });

  it('is nothing without a shared identifier', () => {
    expect(
      compareConveyances(aConveyanceDraft({ type: 'vehicle', plate: 'ZZ999ZZ' }), known),
    ).toBeNull();
  });
});
