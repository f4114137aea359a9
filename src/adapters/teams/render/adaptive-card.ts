/** The Adaptive Card schema version every Countersign card declares (Action.Execute needs 1.4; 1.5 for `style: heading`). */
export const ADAPTIVE_CARD_VERSION = '1.5';

/** The `contentType` of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Colours a TextBlock may take (the schema's `Colors`). */
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';

/** A block of text; `text` is Adaptive Card markdown, so user text in it must be escaped first. */
export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly id?: string;
  readonly wrap?: boolean;
  readonly size?: 'default' | 'small' | 'medium' | 'large' | 'extraLarge';
  readonly weight?: 'default' | 'lighter' | 'bolder';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly fontType?: 'default' | 'monospace';
  readonly style?: 'default' | 'heading';
  readonly spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
  readonly separator?: boolean;
}

/** Label/value pairs; both are markdown, escaped like any text. */
export interface FactSet {
  readonly type: 'FactSet';
  readonly id?: string;
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

/** A group of elements. */
export interface Container {
  readonly type: 'Container';
  readonly id?: string;
  readonly items: readonly CardElement[];
  readonly spacing?: TextBlock['spacing'];
  readonly separator?: boolean;
}

/** A one-line or multi-line text field. */
export interface TextInput {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly value?: string;
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

/** A number field. */
export interface NumberInput {
  readonly type: 'Input.Number';
  readonly id: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly min?: number;
  readonly max?: number;
  readonly value?: number;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

/** A drop-down (`compact`) or radio list (`expanded`). */
export interface ChoiceSetInput {
  readonly type: 'Input.ChoiceSet';
  readonly id: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly style?: 'compact' | 'expanded';
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  readonly value?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

/** Every element Countersign's cards use. */
export type CardElement = TextBlock | FactSet | Container | TextInput | NumberInput | ChoiceSetInput;

/**
 * A Universal Action: Teams sends an `adaptiveCard/action` invoke with `verb` and
 * `data` merged with the card's inputs. Countersign's `data` is only `{ requestId }`.
 */
export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly id?: string;
  readonly style?: 'default' | 'positive' | 'destructive';
  readonly associatedInputs?: 'auto' | 'none';
}

/** A button that unfolds a nested card (a reason or a duration, and its own submit). */
export interface ShowCardAction {
  readonly type: 'Action.ShowCard';
  readonly title: string;
  readonly id?: string;
  readonly style?: ExecuteAction['style'];
  readonly card: NestedCard;
}

/** A link button (a step-up sign-in). */
export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
  readonly id?: string;
  readonly style?: ExecuteAction['style'];
}

/** Every action Countersign's cards use. */
export type CardAction = ExecuteAction | ShowCardAction | OpenUrlAction;

/** A card inside an `Action.ShowCard` (no version of its own). */
export interface NestedCard {
  readonly type: 'AdaptiveCard';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
}

/** A person a card mentions: `text` (`<at>name</at>`) appears in a TextBlock or Fact, `mentioned.id` is their Entra object ID. */
export interface TeamsMention {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/** A top-level Adaptive Card. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly version: typeof ADAPTIVE_CARD_VERSION;
  /** Shown by clients that cannot render the card; plain, escaped text. */
  readonly fallbackText: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
  /** Teams' extension: the mentions the card's text shows, one per distinct `<at>` text. */
  readonly msteams?: { readonly entities: readonly TeamsMention[] };
}

/** Starts a top-level card with the version and schema every Countersign card declares. */
export function adaptiveCard(
  fallbackText: string,
  body: readonly CardElement[],
  actions: readonly CardAction[] = [],
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    fallbackText,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** A wrapping TextBlock; `text` must already be escaped. */
export function textBlock(text: string, style: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...style };
}
