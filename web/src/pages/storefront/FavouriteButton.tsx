import { HeartFilled, HeartOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../api/client';
import { useShowError } from '../../components/useShowError';

const favouritesKey = ['buyer', 'favourites'] as const;

/** 收藏: a buyer keeps an item for later; the shop counts it on the buyer's customer profile. */
export function FavouriteButton({ numIid, loggedIn, onNeedLogin }: { numIid: number; loggedIn: boolean; onNeedLogin: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const showError = useShowError();
  const favourites = useQuery({
    queryKey: favouritesKey,
    queryFn: () => get<{ favourites: { num_iid: number }[] }>('/api/buyer/favourites'),
    enabled: loggedIn,
  });
  const on = !!favourites.data?.favourites.some((f) => f.num_iid === numIid);
  const toggle = useMutation({
    mutationFn: () => api(on ? 'DELETE' : 'PUT', `/api/buyer/favourites/${numIid}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: favouritesKey }),
    onError: showError,
  });
  return (
    <Button
      size="large"
      icon={on ? <HeartFilled style={{ color: '#ff5000' }} /> : <HeartOutlined />}
      loading={toggle.isPending}
      onClick={() => (loggedIn ? toggle.mutate() : onNeedLogin())}
      data-testid={`favourite-${numIid}`}
      data-on={on}
    >
      {on ? t('store.favourited') : t('store.favourite')}
    </Button>
  );
}
