/** The `contentType` of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Colours a TextBlock may take (the schema's `Colors`). */
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';

type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large';
type ButtonStyle = 'default' | 'positive' | 'destructive';

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
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** The fields every input shares. */
interface Input {
  readonly id: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

/** Every element Countersign's cards use; FactSet titles and values are markdown, escaped like any text. */
export type CardElement =
  | TextBlock
  | {
      readonly type: 'FactSet';
      readonly id?: string;
      readonly facts: readonly { readonly title: string; readonly value: string }[];
    }
  | { readonly type: 'Container'; readonly id?: string; readonly items: readonly CardElement[] }
  | (Input & {
      readonly type: 'Input.Text';
      readonly value?: string;
      readonly isMultiline?: boolean;
      readonly maxLength?: number;
    })
  | (Input & {
      readonly type: 'Input.Number';
      readonly min?: number;
      readonly max?: number;
      readonly value?: number;
    })
  | (Input & {
      readonly type: 'Input.ChoiceSet';
      readonly style?: 'compact' | 'expanded';
      readonly choices: readonly { readonly title: string; readonly value: string }[];
      readonly value?: string;
    });

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
  readonly style?: ButtonStyle;
}

/** Every action Countersign's cards use: Action.Execute, a nested card unfolded in place, a link (a step-up sign-in). */
export type CardAction =
  | ExecuteAction
  | {
      readonly type: 'Action.ShowCard';
      readonly title: string;
      readonly id?: string;
      readonly style?: ButtonStyle;
      readonly card: {
        readonly type: 'AdaptiveCard';
        readonly body: readonly CardElement[];
        readonly actions?: readonly CardAction[];
      };
    }
  | {
      readonly type: 'Action.OpenUrl';
      readonly title: string;
      readonly url: string;
      readonly id?: string;
      readonly style?: ButtonStyle;
    };

/** A person a card mentions: `text` (`<at>name</at>`) appears in a TextBlock or Fact, `mentioned.id` is their Entra object ID. */
export interface TeamsMention {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/** A top-level Adaptive Card 1.5 (Action.Execute needs 1.4, `style: heading` 1.5). */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly version: '1.5';
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
    version: '1.5',
    fallbackText,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** A wrapping TextBlock; `text` must already be escaped. */
export function textBlock(text: string, style: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...style };
}
