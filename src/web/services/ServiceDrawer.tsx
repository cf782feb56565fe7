import { Drawer, Grid } from 'antd';
import type { ServiceType } from '../../domain/facts.ts';
import type { ServiceRecordView } from '../api/services-hooks.ts';
import { ServiceEntry, type ChosenPerson } from './ServiceEntry.tsx';

/** The field form in a drawer, for one person (a queue item, the person page): type preselected, save, done. */
export function ServiceDrawer({
  person,
  type,
  onClose,
  onSaved,
}: {
  person: ChosenPerson | null;
  type?: ServiceType | null;
  onClose: () => void;
  onSaved?: (r: ServiceRecordView) => void;
}) {
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={!!person}
      onClose={onClose}
      title={person ? `登记服务：${person.name}` : '登记服务'}
      placement={screens.md ? 'right' : 'bottom'}
      size={screens.md ? 520 : '92%'}
      destroyOnHidden
      styles={{ body: { padding: 12, background: '#f5f7fa' } }}
    >
      {person && (
        <ServiceEntry
          key={`${person.id}-${type ?? ''}`}
          person={person}
          fixedPerson
          type={type ?? null}
          onSaved={(r) => {
            onSaved?.(r);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}
