// Parties: the natural persons and organisations that act or are acted for.
import type { IsoDate } from './dates.ts';

export interface Person {
  kind: 'person';
  id: string;
  bsn: string;
  name: string;
  /** Not known for everyone: a person created by an upstream login or by a register record that did not give it. */
  birthDate: IsoDate | null;
}

export interface Organisation {
  kind: 'organisation';
  id: string;
  kvk: string;
  rsin: string | null;
  name: string;
}

/** A person or organisation that acts or is acted for (a principal is always one of these). */
export type Party = Person | Organisation;

/**
 * Someone who logged in through an organisation upstream (eHerkenning): an employee known only by the upstream's
 * pseudonymous subject, never by a BSN. The upstream vouched, at this login, that they may act for `actsFor`; that is
 * all they may do (and, through it, what the organisation holds in the registers). Never a principal.
 */
export interface Employee {
  kind: 'employee';
  id: string;
  name: string;
  /** The id of the upstream (UPSTREAM_PROVIDERS) that identified the employee and vouched for `actsFor`. */
  upstream: string;
  /** The organisation the upstream vouched, at this login, that the employee acts for. */
  actsFor: Organisation;
}

/** Whoever logs in and acts: a person (by BSN), or an employee of an organisation (eHerkenning). */
export type Agent = Person | Employee;
