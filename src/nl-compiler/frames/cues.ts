// The words and phrases by which the discourse reader tells how a clause joins the flow:
// condition and event leads, repeats, deadlines, endings, headings and lists.

export const CONDITION_LEAD = /^(?:if|when|whenever|unless|in case|should|where|for)\b\s*/;
export const WHEN_LEAD = /^(?:when|whenever|once|after|as soon as|each time|every time|upon)\b/;
// Verbs by which requests come in; "creates", "records" and the like are work unless a field
// list says otherwise.
export const INTAKE_VERBS =
  /^(?:submit|file|raise|log|request|come in|arrive|receive|open|report|enter|register|send in|put in|fill in|fill out|give|provide|ask|apply|book|get|capture|record|include|supply)$/;
export const REQUEST_NOUN =
  /^(?:(?:new|incoming)\s+[\w-]+s\b|(?:an?|the|each|every|any|all|new)?\s*(?:[\w-]+\s+){0,3}?(?:requests?|applications?|claims?|tickets?|orders?|reports?|submissions?|bookings?|cases?|incidents?|invoices?|enquir(?:y|ies)|inquir(?:y|ies)|complaints?)\b)/;
// "For a new software purchase, …": the flow handles items as they come in.
export const FOR_ITEM = /^for (?:a|an|each|every|any) (?:new |incoming )?[\w-]+/;
export const NTH_WEEKDAY =
  /\b(?:first|second|third|fourth|last)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun|week)day|(?:working|business) day)\s+of\b[^,.;]*/;
// "every so often", "from time to time": a frequency no schedule can be made of.
export const VAGUE_FREQUENCY =
  /\b(?:every (?:so often|now and (?:then|again)|once in a while|few (?:hours|days|weeks|months))|(?:from|at) time to time|now and then|once in a while|occasionally|periodically|at (?:regular |irregular )?intervals)\b/;
// "this repeats until …", "keep going until …": the act before runs again until it holds.
export const REPEAT_UNTIL =
  /^(?:and\s+)?(?:(?:this|that|it|the process)\s+(?:repeats|is repeated|continues|goes on|carries on)|keep(?:s|ing)?\s+(?:going|at it|doing (?:this|that|it)|repeating)|repeat(?:s|ing)?(?:\s+(?:this|that|it))?|continu(?:e|es|ing)|carry(?:ing)? on|and so on)\s+until\s+(.+)$/;
// "by 4pm", "by end of day", "before close of business": a deadline at a time of day.
export const CLOCK_DEADLINE =
  /\b(?:by|before|no later than)\s+(?:the\s+)?(?:end of (?:the )?(?:day|business day|working day|shift)|close of business|cob|eod|noon|midday|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.]\d{2})/;
// "It has to be finished by …": only the time limit of the act before.
export const DONE_BY =
  /^(?:it|this|that|they|the \w+)\s+(?:has to|have to|must|should|needs? to|is to)\s+be\s+(?:finished|done|completed|complete|closed|submitted|ready|sent|filed)\b/;
// "that's the end of it", "that's it", "we stop there": nothing follows.
export const THE_END =
  /^(?:(?:that'?s|that is|this is)\s+(?:the end(?: of (?:it|that|the (?:matter|flow|process|story)))?|it|all)|nothing (?:else|more|further)(?: (?:happens|is needed|to do|is done))?|(?:we|it|they|the (?:flow|process|run)) (?:stops?|ends?) (?:there|here))$/;
export const GREETING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hiya)\b[^,.!?]{0,40}(?:,\s*|$)/;
// "the e-sign tool fires contract.signed": the name of the event another system sends.
export const EVENT_FIRED =
  /^(?:the\s+|our\s+|their\s+)?[\w -]{1,40}?\s+(?:fires|sends|emits|raises|posts|publishes|triggers)\s+(?:an?\s+|the\s+)?(?:event\s+)?["“']?([a-z][\w-]*(?:\.[\w-]+)+)["”']?(?:\s+event)?$/;
export const FIELDS_HEADING =
  /^(?:(?:the|its|our)\s+)?(?:(?:form|request|intake|input|required)\s+)?(?:fields|inputs|details|information|data)(?:\s+(?:needed|required|captured|collected))?$/;
export const BULLET = /^\s*(?:[-*•]|\d{1,2}[.)])\s/;
export const FIRST_WINS =
  /^(?:the )?first (?:answer|response|decision|reply|one|approver|vote)\b.*\b(?:decides|wins|counts|stands|is final)\b/;
export const OPEN_END =
  /\b(?:the|a|an|is|are|was|were|be|been|over|under|above|below|of|to|than|at|by|with|and|or|not|no|has|have|its|their|this|that|any|if|when|for)$/i;
export const REJECTION_MENTION =
  /\b(?:of|on|upon|after|in case of|for) (?:any |a |the |each )?(?:rejection|refusal|decline|denial)\b/;
export const FRONT_COMPARISON =
  /^(?:up to|under|below|over|above|more than|less than|at least|at most)\s+(?:[$£€]\s?)?\d[\d,.]*\s*(?:k|m)?\b/;
export const LATER =
  /^((?:[\w-]+\s+){1,2}(?:minutes?|hours?|days?|weeks?|months?|business days?|working days?))\s+later\b,?\s*/;
export const ORDER_WORDS =
  /\bin (?:this|that|the following) order\b|\bin order\b|\bone after (?:the )?other\b|\bone after another\b|\bin turn\b|\bin sequence\b/;
export const PARALLEL_WORDS =
  /\b(?:at the same time|in parallel|simultaneously|concurrently|meanwhile)\b/;
export const OUTCOME_SUBJECT =
  /^(?:again,?\s+)?(?:(approved|accepted|signed(?: off)?|agreed|rejected|declined|denied|refused|turned down)\s+(?=[a-z])(?!by\b)|(?:a|any|the|every)\s+(rejection|refusal|denial|veto)\b)/;
export const ONCE_LEAD = /^(?:once|after|when|as soon as|upon|on)\b\s*/;
export const ELSE_SUBJECT =
  /^(?:(?:under|below|above|over|beneath|beyond) (?:that|this)\b|(?:larger|bigger|smaller|higher|lower|cheaper|costlier|longer|shorter|other)\s+[a-z]+s\b|anything (?:bigger|larger|smaller|higher|lower|more|less|above that|over that|below that|under that|beyond that)|everything else|everyone else|anything else|all other\b[\w ]*|any other\b[\w ]*|the rest|others|for (?:smaller|other|lower|all other|everything else|anything else|everyone else|the rest)\b[\w ]*?)(?:,\s*|\s+(?=\w))/;
/** Words that say how a team hands its work out: in turn, or to the member with the least. */
export const ASSIGNMENT_WORDS: readonly (readonly [RegExp, 'round_robin' | 'least_loaded'])[] = [
  [/\bround\s*-?\s*robin\b|\bin rotation\b|\bon a rota\b/i, 'round_robin'],
  [
    /\b(?:least\s*-?\s*(?:loaded|busy)|(?:fewest|least) open (?:tasks|items|work|tickets|cases|jobs)|lightest (?:work)?load)\b/i,
    'least_loaded',
  ],
];
/** "Work is rebalanced", "redistributed": moving work between people, said outright. */
export const REBALANCE_WORDS = /\b(?:rebalanc\w*|redistribut\w*)\b/;
/** Someone away or with too much: the people work is moved off. */
export const UNAVAILABLE =
  /\b(?:away|on leave|out of (?:the )?office|off sick|on holiday|on vacation|overloaded|over capacity|at capacity|swamped|snowed under)\b/;
/** Work moving: "moves", "is reassigned", "passes to". */
export const MOVES =
  /\b(?:mov(?:e|es|ed)|reassign\w*|pass(?:es|ed)?|hand(?:s|ed)?|go(?:es)?|shift(?:s|ed)?|transfer\w*)\b/;
/** Someone else in the same team. */
export const TEAMMATE =
  /\b(?:teammates?|colleagues?|someone else|somebody else|anyone else|another (?:member|agent|person|colleague|teammate)|the rest of the team|other members)\b/;
/** "by Monday", "before next Friday noon": a deadline on a day of the week. */
export const WEEKDAY_DEADLINE =
  /\b(?:by|before|no later than)\s+(?:the\s+)?(?:next\s+|this\s+|the following\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b(?:\s+(?:morning|noon|midday|afternoon|evening|(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?))?/i;
