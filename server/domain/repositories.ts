// What the domain needs from storage. Persistence implements these; nothing here knows how.
import type { IsoDate } from './dates.ts';
import type { MandateOption } from './mandate_index.ts';
import type { Agent, Person } from './parties.ts';
import type { Service, ServiceProvider } from './services.ts';

export interface PersonRepository {
  findByBsn(bsn: string): Promise<Person | undefined>;
}

export interface TestUser {
  username: string;
  passwordHash: string;
  person: Person;
}

export interface TestUserRepository {
  findByUsername(username: string): Promise<TestUser | undefined>;
}

export interface CatalogRepository {
  /** A service by its UUID or its URN id, withdrawn ones included. */
  findService(uuidOrUrn: string): Promise<Service | undefined>;
  listServices(): Promise<Service[]>;
  findProvider(id: string): Promise<ServiceProvider | undefined>;
  listProviders(): Promise<ServiceProvider[]>;
}

export interface MandateUse {
  agent: Agent;
  option: Extract<MandateOption, { kind: 'mandate' }>;
  service: Service;
  clientId: string;
  grantType: string;
  at: Date;
}

export interface AuditLog {
  recordMandateUse(use: MandateUse): Promise<void>;
}

export type { IsoDate };
