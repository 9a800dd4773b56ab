import assert from 'node:assert/strict';
import { buildReleaseFormCard } from '../../../bot/src/cards/release-form-card';
import { releaseFormErrors, releaseFormFieldOf, releaseFormFields } from '../../../bot/src/cards/release-form-fields';
import { buildDeliveryReportCard, maxFailuresListed } from '../../../bot/src/cards/delivery-report-card';
import type { CardElement } from '../../../bot/src/cards/adaptive-card';
import { assertValidCard } from '../../support/card-validation';
import { executes, inputIdsOf, readable } from './support/card-walk';
import { zone } from './support/fixtures';

/** The element right after the input with this id. */
function after(body: CardElement[], id: string): CardElement | undefined {
  const i = body.findIndex((e) => 'id' in e && e.id === id);
  return body[i + 1];
}

describe('release form card', () => {
  it('has every field a release needs and publishes with release.publish', () => {
    const c = buildReleaseFormCard({});
    assertValidCard(c);
    assert.deepEqual(inputIdsOf(c), [...releaseFormFields]);
    const t = readable(c);
    assert.match(t, /Highlights, one per line/);
    assert.match(t, /Runbook steps, one per line: what to run \| who runs it \| minutes/);
    assert.match(t, /Expected outages, one per line: features \| minutes/);
    assert.match(t, /Default: yes for a major, no for a minor/);
    assert.doesNotMatch(t, /not saved/);
    assert.deepEqual(executes(c, 'release.publish')[0]?.data, { verb: 'release.publish' });
  });

  it('shows each error next to its field and keeps what was typed', () => {
    const c = buildReleaseFormCard({
      values: { version: '5.0', kind: 'major', availableOn: '2026-02-30', highlights: 'A\nB', recordingUrl: 'not a url', contentFreezeAdvised: 'no' },
      errors: { availableOn: 'is not a date', recordingUrl: 'must be an https link', runbook: 'must list at least one step for a major release' },
    });
    assertValidCard(c);
    assert.match(readable(c), /The release was not saved\. Fix the 3 fields marked below\./);
    assert.deepEqual(after(c.body, 'availableOn'), { type: 'TextBlock', text: 'Fix: is not a date', wrap: true, color: 'Attention', size: 'Small', spacing: 'None' });
    assert.match(JSON.stringify(after(c.body, 'recordingUrl')), /must be an https link/);
    assert.match(JSON.stringify(after(c.body, 'runbook')), /at least one step/);
    assert.doesNotMatch(JSON.stringify(after(c.body, 'version')), /Fix:/);
    assert.doesNotMatch(readable(c), /[✅⬜⚠]/u);
    const byId = (id: string) => c.body.find((e) => 'id' in e && e.id === id);
    assert.deepEqual([byId('version'), byId('highlights'), byId('recordingUrl'), byId('kind'), byId('contentFreezeAdvised')].map((e) => (e && 'value' in e ? e.value : undefined)), [
      '5.0', 'A\nB', 'not a url', 'major', 'no',
    ]);
    const date = byId('availableOn');
    assert.ok(date && date.type === 'Input.Date' && date.value === undefined, 'an impossible date is not put back into a date picker');
  });

  it('maps the domain\'s field paths to form fields, naming the line of a list', () => {
    assert.equal(releaseFormFieldOf('townhall.recordingUrl'), 'recordingUrl');
    assert.equal(releaseFormFieldOf('townhall.date'), 'townhallDate');
    assert.equal(releaseFormFieldOf('runbook[0].title'), 'runbook');
    assert.equal(releaseFormFieldOf('nonsense'), undefined);
    assert.deepEqual(
      releaseFormErrors([
        { field: 'outages[1].maxMinutes', message: 'must be at least minMinutes (20)' },
        { field: 'runbook[0].title', message: 'is empty' },
        { field: 'runbook[2].estimateInMinutes', message: 'must be a number' },
        { field: 'version', message: 'must look like 5.0' },
      ]),
      {
        outages: 'line 2, maxMinutes: must be at least minMinutes (20)',
        runbook: 'line 1, title: is empty; line 3, estimateInMinutes: must be a number',
        version: 'must look like 5.0',
      },
    );
  });
});

describe('delivery report card', () => {
  it('shows sent, pending and failed per notice, with the failed conversations and why', () => {
    const failures = Array.from({ length: maxFailuresListed + 3 }, (_, i) => ({ conversation: `Team ${i} / Notices`, reason: 'Bot removed from the team', statusCode: 403 }));
    const c = buildDeliveryReportCard({
      generatedAt: '2026-12-04T18:00:00.000Z',
      timeZone: zone,
      notices: [
        { noticeId: 'N1', title: 'Townhall: release 5.0', sent: 120, pending: 2, failed: failures.length, failures },
        { noticeId: 'N2', title: 'Content freeze announced: Contoso', sent: 1, pending: 0, failed: 0, failures: [] },
      ],
    });
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /As of Fri 4 Dec 2026 13:00 GMT-5 \(Fri 4 Dec 2026 18:00 UTC\)/);
    assert.match(t, /Townhall: release 5\.0\nNotice N1\nSent: 120\nPending: 2\nFailed: 18/);
    assert.match(t, /• Team 0 \/ Notices: Bot removed from the team \(HTTP 403\)/);
    assert.equal(t.match(/Bot removed/g)?.length, maxFailuresListed);
    assert.match(t, /and 3 more failed conversations/);
    assert.match(t, /Content freeze announced: Contoso[\s\S]*Delivered everywhere/);
  });

  it('says when there is nothing to report', () => {
    const c = buildDeliveryReportCard({ notices: [] });
    assertValidCard(c);
    assert.match(readable(c), /No notices to report on/);
  });
});
