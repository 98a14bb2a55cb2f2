import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { CalculatorPanel } from '../../components/CalculatorPanel';

export default function CalculatorPage() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('calculator.title')} style={{ maxWidth: 760 }}>
      <CalculatorPanel />
    </Card>
  );
}
