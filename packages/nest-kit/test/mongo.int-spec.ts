import { testServiceEnv } from '@opencen/testing';
import mongoose, { Schema } from 'mongoose';
import { ServiceError, toServiceError, updateVersioned } from '../src';

interface Office {
  code: string;
  country: string;
  name: string;
  type: string;
  version: number;
}

const officeSchema = new Schema<Office>({
  code: { type: String, required: true },
  country: { type: String, required: true },
  name: { type: String, required: true },
  type: { type: String, required: true },
  version: { type: Number, required: true, default: 1 },
});
// Get an office by code: codes are unique.
officeSchema.index({ code: 1 }, { unique: true });
// List a country's offices by name; a name is unique within a country.
officeSchema.index({ country: 1, name: 1 }, { unique: true });

describe('mongoose on the test database', () => {
  const env = testServiceEnv(__filename);
  const connection = mongoose.createConnection(env.MONGO_URL!, { dbName: env.MONGO_DB });
  const Offices = connection.model<Office>('Office', officeSchema, 'offices');

  beforeAll(async () => {
    await connection.asPromise();
    await Offices.init();
  });

  afterAll(() => connection.close());

  it('builds the unique and compound indexes', async () => {
    const indexes = await Offices.collection.indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { code: 1 }, unique: true }),
        expect.objectContaining({ key: { country: 1, name: 1 }, unique: true }),
      ]),
    );
  });

  it('turns a duplicate key into the kit conflict error, and keeps the first record', async () => {
    await Offices.create({ code: 'FRCDG', country: 'FR', name: 'Roissy', type: 'airport' });
    const duplicateCode = await Offices.create({
      code: 'FRCDG',
      country: 'FR',
      name: 'Other',
      type: 'airport',
    }).catch((e: unknown) => e);
    expect(toServiceError(duplicateCode)).toMatchObject({ code: 'CONFLICT' });
    expect(toServiceError(duplicateCode)).toBeInstanceOf(ServiceError);

    // Compound uniqueness: the same name is fine in another country, refused in the same one.
    await expect(
      Offices.create({ code: 'BEBRU', country: 'BE', name: 'Roissy', type: 'airport' }),
    ).resolves.toBeDefined();
    const duplicateName = await Offices.create({
      code: 'FRORY',
      country: 'FR',
      name: 'Roissy',
      type: 'airport',
    }).catch((e: unknown) => e);
    expect(toServiceError(duplicateName).code).toBe('CONFLICT');
    expect(await Offices.countDocuments()).toBe(2);
    expect(await Offices.findOne({ code: 'FRCDG' }).lean()).toMatchObject({ name: 'Roissy' });
  });

  it('applies a versioned update once and refuses the stale one', async () => {
    const office = await Offices.create({
      code: 'DEHAM',
      country: 'DE',
      name: 'Hamburg',
      type: 'seaport',
    });
    await updateVersioned(Offices, office._id, 1, { $set: { name: 'Hamburg Hafen' } });
    const stale = await updateVersioned(Offices, office._id, 1, {
      $set: { name: 'Lost update' },
    }).catch((e: unknown) => e);
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    expect(await Offices.findById(office._id).lean()).toMatchObject({
      name: 'Hamburg Hafen',
      version: 2,
    });
    await expect(
      updateVersioned(Offices, new mongoose.Types.ObjectId(), 1, { $set: { name: 'x' } }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
