import assert from 'node:assert/strict';
import { clientMayReceiveBsn } from '../../server/domain/bsn_policy.ts';

const may = { mayReceiveBsn: true };
const mayNot = { mayReceiveBsn: false };

describe('BSN policy: which clients receive BSNs', () => {
  it('gives BSNs to a client whose every service provider may receive them', () => {
    assert.equal(clientMayReceiveBsn([may], false), true);
    assert.equal(clientMayReceiveBsn([may, may], false), true);
  });

  it('gives none to a client linked to one provider that may not, whatever the others may', () => {
    assert.equal(clientMayReceiveBsn([may, mayNot], false), false);
    assert.equal(clientMayReceiveBsn([mayNot, may], false), false);
    assert.equal(clientMayReceiveBsn([mayNot], false), false);
  });

  it('gives none to a client without service providers', () => {
    assert.equal(clientMayReceiveBsn([], false), false);
  });

  it('gives none to a client barred from BSNs itself, even when its providers may', () => {
    assert.equal(clientMayReceiveBsn([may], true), false);
  });
});
