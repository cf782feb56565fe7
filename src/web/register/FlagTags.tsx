import { Flex, Tag } from 'antd';
import { PERSON_FLAG_LABELS, type PersonFlagName } from '../../domain/ledgers.ts';
import { FLAG_COLORS, ROW_FLAGS } from './labels.ts';

/** A person's classes as tags, in a fixed order; `all` shows the broad ones too. */
export function FlagTags({ flags, all = false }: { flags: readonly PersonFlagName[]; all?: boolean }) {
  const order = all ? (Object.keys(PERSON_FLAG_LABELS) as PersonFlagName[]) : ROW_FLAGS;
  const shown = order.filter((f) => flags.includes(f));
  if (shown.length === 0) return null;
  return (
    <Flex wrap gap={4} data-testid="flag-tags">
      {shown.map((f) => (
        <Tag key={f} color={FLAG_COLORS[f]} style={{ marginInlineEnd: 0 }}>
          {PERSON_FLAG_LABELS[f]}
        </Tag>
      ))}
    </Flex>
  );
}
