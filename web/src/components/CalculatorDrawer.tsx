import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { CalculatorPanel } from './CalculatorPanel';

/** The calculator at hand on every back-office page, in a drawer. */
export function CalculatorDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer title={t('calculator.title')} size={560} open={open} onClose={onClose} destroyOnHidden>
      <CalculatorPanel />
    </Drawer>
  );
}
