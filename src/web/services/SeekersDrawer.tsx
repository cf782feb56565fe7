import { Button, Drawer, Empty, Flex, Grid, List, Skeleton, Tag, Typography } from 'antd';
import { App } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useRecommend, useSeekers, type Vacancy } from '../api/services-hooks.ts';

/** The best-matching job seekers in the user's scope for one vacancy, each recommended in one click. */
export function SeekersDrawer({
  vacancy,
  writable,
  onClose,
}: {
  vacancy: Vacancy | null;
  writable: boolean;
  onClose: () => void;
}) {
  const screens = Grid.useBreakpoint();
  const seekers = useSeekers(vacancy?.id ?? null);
  const recommend = useRecommend();
  const [done, setDone] = useState<number[]>([]);
  const { message } = App.useApp();
  return (
    <Drawer
      open={!!vacancy}
      onClose={onClose}
      title={vacancy ? `匹配求职者：${vacancy.employer} · ${vacancy.post}` : ''}
      placement={screens.md ? 'right' : 'bottom'}
      size={screens.md ? 520 : '88%'}
      destroyOnHidden
    >
      {seekers.isPending ? (
        <Skeleton active />
      ) : !seekers.data?.items.length ? (
        <Empty description="辖区内暂无匹配的求职者" />
      ) : (
        <List
          size="small"
          dataSource={seekers.data.items}
          renderItem={({ person: p, match }) => (
            <List.Item data-testid="seeker">
              <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <span>
                    <Link to={`/persons/${p.id}`}>{p.name}</Link>{' '}
                    <Typography.Text type="secondary">
                      {p.sex === 'M' ? '男' : '女'} · {p.age} 岁 · {p.unitName}
                    </Typography.Text>
                  </span>
                  {writable && vacancy && (
                    <Button
                      size="small"
                      type="primary"
                      disabled={done.includes(p.id)}
                      loading={recommend.isPending && recommend.variables?.personId === p.id}
                      onClick={() =>
                        recommend.mutate(
                          { vacancyId: vacancy.id, personId: p.id },
                          {
                            onSuccess: () => {
                              setDone((d) => [...d, p.id]);
                              void message.success(`已为 ${p.name} 登记推荐就业`);
                            },
                          },
                        )
                      }
                    >
                      {done.includes(p.id) ? '已推荐' : '推荐'}
                    </Button>
                  )}
                </Flex>
                <span className="mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                  {p.idMasked}
                </span>
                <Flex wrap gap={4}>
                  <Tag color="blue">匹配度 {match.score}</Tag>
                  {match.reasons.map((r) => (
                    <Tag key={r}>{r}</Tag>
                  ))}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
}
