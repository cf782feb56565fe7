import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title row (wraps below its actions on a phone) and its content. */
export function PageContainer({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      <Flex wrap align="center" justify="space-between" gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && (
          <Flex wrap gap={8}>
            {extra}
          </Flex>
        )}
      </Flex>
      {children}
    </div>
  );
}
