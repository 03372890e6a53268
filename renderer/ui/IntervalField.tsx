import { parseInterval } from '../../common/format/interval';
import { NumberField, type NumberFieldProps } from './NumberField';

/** Seconds between keepalive probes, checked as typed (1..86400) with a message tied to the field. */
export function IntervalField(props: NumberFieldProps) {
  return <NumberField {...props} check={parseInterval} unit="s" />;
}
