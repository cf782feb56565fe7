import { Card, Col, Flex, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SERVICE_TYPES, type ServiceType } from '../../../domain/facts.ts';
import type { ServiceRecordView } from '../../api/services-hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { ServiceEntry, type ChosenPerson } from '../../services/ServiceEntry.tsx';
import { TYPE_COLORS } from '../../services/service-form.ts';

/**
 * 快速登记: the phone-first field form. `?type=` preselects the service type. What was saved in this sitting
 * is listed below, each linking to the person.
 */
export default function FieldPage() {
  const [params] = useSearchParams();
  const t = params.get('type');
  const type = t && (SERVICE_TYPES as readonly string[]).includes(t) ? (t as ServiceType) : null;
  const [saved, setSaved] = useState<{ record: ServiceRecordView; person: ChosenPerson }[]>([]);

  return (
    <PageContainer title="快速登记">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14} xl={12}>
          <ServiceEntry
            type={type}
            onSaved={(record, person) => setSaved((s) => [{ record, person }, ...s].slice(0, 20))}
          />
        </Col>
        <Col xs={24} lg={10} xl={12}>
          <Card size="small" title="本次已登记" data-testid="saved-list">
            {saved.length ? (
              <List
                size="small"
                dataSource={saved}
                renderItem={({ record, person }) => (
                  <List.Item>
                    <Flex wrap gap={8} align="center">
                      <Tag color={TYPE_COLORS[record.type as ServiceType] ?? 'default'}>{record.type}</Tag>
                      <Link to={`/persons/${person.id}`}>{person.name}</Link>
                      <Typography.Text type="secondary">
                        {record.date} · {record.mode} · {record.staff}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">
                找到人员、点选服务类型、保存即可。日期默认今天，方式默认上门（电话联系为电话），经办人为本人。
              </Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
