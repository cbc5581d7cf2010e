import assert from 'node:assert/strict';
import { mapUpstreamAcr, reaches, requiredLevel, upstreamAcrValuesFor } from '../../server/domain/upstream_levels.ts';
import { identityFrom } from '../../server/domain/upstream_persons.ts';

const LOW = 'http://eidas.europa.eu/LoA/low';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const HIGH = 'http://eidas.europa.eu/LoA/high';
const DIGID = { 'urn:digid:basis': LOW, 'urn:digid:midden': SUBSTANTIAL, 'urn:digid:substantieel': SUBSTANTIAL, 'urn:digid:hoog': HIGH };

describe('domain: upstream levels of assurance', () => {
  it('maps DigiD Basis/Midden/Substantieel/Hoog onto low/substantial/substantial/high', () => {
    assert.deepEqual(Object.keys(DIGID).map((acr) => mapUpstreamAcr(DIGID, acr)), [LOW, SUBSTANTIAL, SUBSTANTIAL, HIGH]);
  });

  it('refuses an acr the map does not list, a missing one, and inherited property names', () => {
    assert.equal(mapUpstreamAcr(DIGID, 'urn:digid:onbekend'), undefined);
    assert.equal(mapUpstreamAcr(DIGID, undefined), undefined);
    assert.equal(mapUpstreamAcr(DIGID, 'toString'), undefined);
  });

  it('asks the upstream for the acr values that reach a level, lowest first', () => {
    assert.deepEqual(upstreamAcrValuesFor(DIGID, SUBSTANTIAL), ['urn:digid:midden', 'urn:digid:substantieel', 'urn:digid:hoog']);
    assert.deepEqual(upstreamAcrValuesFor(DIGID, HIGH), ['urn:digid:hoog']);
    assert.deepEqual(upstreamAcrValuesFor({ 'urn:digid:basis': LOW }, HIGH), []);
  });

  it('needs the service level at least, more when acr_values asks more (the lowest listed counts)', () => {
    assert.equal(requiredLevel(SUBSTANTIAL, undefined), SUBSTANTIAL);
    assert.equal(requiredLevel(SUBSTANTIAL, LOW), SUBSTANTIAL);
    assert.equal(requiredLevel(SUBSTANTIAL, `${HIGH} ${SUBSTANTIAL}`), SUBSTANTIAL);
    assert.equal(requiredLevel(undefined, HIGH), HIGH);
    assert.equal(requiredLevel(undefined, 'urn:unknown'), undefined);
    assert.ok(reaches(HIGH, SUBSTANTIAL) && !reaches(LOW, SUBSTANTIAL) && reaches(LOW, undefined));
  });
});

describe('domain: the person an upstream identifies', () => {
  it('takes the BSN (eleven-test) and the name claim, else the registers\' placeholder', () => {
    assert.deepEqual(identityFrom({ bsn: '999993653', name: 'Jan Jansen' }, 'bsn', 'name'), { identity: { bsn: '999993653', name: 'Jan Jansen' } });
    assert.deepEqual(identityFrom({ bsn: '999993653' }, 'bsn', undefined), { identity: { bsn: '999993653', name: 'Naam onbekend' } });
  });

  it('refuses a missing BSN or one that fails the eleven-test', () => {
    assert.ok('problem' in identityFrom({}, 'bsn', undefined));
    assert.ok('problem' in identityFrom({ bsn: '123456789' }, 'bsn', undefined));
  });
});
