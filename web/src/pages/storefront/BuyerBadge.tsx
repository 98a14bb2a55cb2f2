import { UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { buyerLogout, buyerMeKey } from '../../api/auth';
import { buyerTradesKey } from '../../api/storefront';

export function BuyerBadge({ nick }: { nick: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return (
    <Space>
      <Typography.Text style={{ color: '#fff' }} data-testid="buyer-nick"><UserOutlined /> {nick}</Typography.Text>
      <Button
        size="small"
        onClick={async () => {
          await buyerLogout();
          qc.removeQueries({ queryKey: buyerTradesKey });
          await qc.invalidateQueries({ queryKey: buyerMeKey });
        }}
      >
        {t('auth.logout')}
      </Button>
    </Space>
  );
}
