import { defaultFreezeMessage, freezeDays } from '../domain/freeze-message';
import type { FeatureOutage } from '../domain/release';
import type { UpgradeWindow } from '../domain/window';
import { card, text, title, type AdaptiveCard } from './adaptive-card';
import { subtle } from './card-parts';
import { inputIds } from './verbs';

export interface FreezeCommsTemplateView {
  clientName: string;
  version: string;
  timeZone: string;
  window: UpgradeWindow;
  outages: FeatureOutage[];
  /** A template the owners saved before; the default otherwise. */
  template?: string;
}

/** The internal message an owner sends staff before a content freeze. */
export function defaultFreezeTemplate(view: Omit<FreezeCommsTemplateView, 'template'>): string {
  return defaultFreezeMessage(view);
}

/** For the client's owners: an editable message about the freeze to copy and send to their staff. */
export function buildFreezeCommsTemplateCard(view: FreezeCommsTemplateView): AdaptiveCard {
  return card([
    title(`Tell your staff about the content freeze (${freezeDays(view.window, view.timeZone)})`),
    text('Edit this message as you like, then copy it into an email or a post to your staff.'),
    {
      type: 'Input.Text',
      id: inputIds.freezeTemplate,
      label: 'Message to staff',
      isMultiline: true,
      value: view.template ?? defaultFreezeTemplate(view),
      maxLength: 5000,
    },
    subtle(`Times are in ${view.timeZone}. The freeze notice itself is posted to your notice channel.`),
  ]);
}
