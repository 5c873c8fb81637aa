/** How a simulated recipient behaves, chosen by the last four digits of its number (see docs/sandbox.md). */
export type RecipientBehaviour =
  | 'reads'
  | 'delivers_only'
  | 'never_delivers'
  | 'fails'
  | 'echoes'
  | 'reach_out_locked';

export function behaviourFor(phone: string): RecipientBehaviour {
  switch (phone.slice(-4)) {
    case '0001':
      return 'delivers_only';
    case '0002':
      return 'never_delivers';
    case '0003':
      return 'fails';
    case '0004':
      return 'echoes';
    case '0463':
      return 'reach_out_locked';
    default:
      return 'reads';
  }
}
