// Parties: the natural persons and organisations that act or are acted for.
import type { IsoDate } from './dates.ts';

export interface Person {
  kind: 'person';
  id: string;
  bsn: string;
  name: string;
  birthDate: IsoDate;
}

export interface Organisation {
  kind: 'organisation';
  id: string;
  kvk: string;
  rsin: string | null;
  name: string;
}

export type Party = Person | Organisation;
