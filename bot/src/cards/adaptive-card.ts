/** The subset of Adaptive Card 1.5 the app uses, typed so builders cannot drift from the schema. */
export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  separator?: boolean;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: { type: 'Column'; width?: 'auto' | 'stretch' | string; items: CardElement[] }[];
  separator?: boolean;
}

export interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  isRequired?: boolean;
  errorMessage?: string;
  value?: string;
  maxLength?: number;
}

export interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  choices: { title: string; value: string }[];
  isMultiSelect?: boolean;
  style?: 'compact' | 'expanded';
  isRequired?: boolean;
  errorMessage?: string;
  value?: string;
}

export interface InputToggle {
  type: 'Input.Toggle';
  id: string;
  title: string;
  value?: 'true' | 'false';
  valueOn?: string;
  valueOff?: string;
  wrap?: boolean;
}

/** What Input.Date and Input.Time share; values are yyyy-MM-dd and HH:mm. */
interface DateTimeInput {
  id: string;
  label?: string;
  value?: string;
  min?: string;
  max?: string;
  placeholder?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputDate extends DateTimeInput {
  type: 'Input.Date';
}

export interface InputTime extends DateTimeInput {
  type: 'Input.Time';
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
}

export type CardElement =
  | TextBlock
  | FactSet
  | Container
  | ColumnSet
  | InputText
  | InputChoiceSet
  | InputToggle
  | InputDate
  | InputTime
  | ActionSet;

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data?: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
}

export type CardAction = ExecuteAction | OpenUrlAction | ShowCardAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  /** 1.5, but 1.3 for a card that goes where Teams renders no newer one (a link's unfurling). */
  version: '1.3' | '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: { action: ExecuteAction; userIds?: string[] };
  msteams?: { width?: 'Full' };
}

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/** Starts a card with the schema Teams supports. */
export function card(body: CardElement[], actions?: CardAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions && actions.length ? { actions } : {}),
  };
}

export const title = (text: string): TextBlock => ({ type: 'TextBlock', text, size: 'Medium', weight: 'Bolder', wrap: true });
export const text = (value: string, extra: Partial<TextBlock> = {}): TextBlock => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
export const facts = (entries: [string, string][]): FactSet => ({ type: 'FactSet', facts: entries.map(([t, v]) => ({ title: t, value: v })) });
