import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAccount } from './components/RequireAccount';
import { HomeRedirect } from './pages/HomeRedirect';
import { pages } from './routes';

const LoginPage = lazy(() => pages['/login']().then((m) => ({ default: m.LoginPage })));
const TradesPage = lazy(pages['/trades']);
const WarehousePage = lazy(pages['/warehouse']);
const WorkbenchPage = lazy(pages['/workbench']);
const TeamPage = lazy(pages['/team']);
const StatsPage = lazy(pages['/stats']);
const MyReviewsPage = lazy(pages['/my-reviews']);
const CalculatorPage = lazy(pages['/tools/calculator']);
const BroadcastsPage = lazy(pages['/broadcasts']);
const KnowledgePage = lazy(pages['/knowledge']);
const CustomersPage = lazy(pages['/customers']);
const AftersalesPage = lazy(pages['/aftersales']);
const LogisticsPage = lazy(pages['/logistics']);
const StorefrontPage = lazy(pages['/shop/']);
const ChatPage = lazy(pages['/chat/']);

const loading = <Spin style={{ display: 'block', margin: '80px auto' }} />;

export function App() {
  return (
    <Suspense fallback={loading}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/shop/:shopName" element={<StorefrontPage />} />
        <Route path="/chat/:shopName" element={<ChatPage />} />
        <Route element={<RequireAccount><AppLayout /></RequireAccount>}>
          <Route index element={<HomeRedirect />} />
          <Route path="workbench" element={<WorkbenchPage />} />
          <Route path="trades" element={<TradesPage />} />
          <Route path="warehouse" element={<WarehousePage />} />
          <Route path="team/*" element={<TeamPage />} />
          <Route path="stats/*" element={<StatsPage />} />
          <Route path="my-reviews" element={<MyReviewsPage />} />
          <Route path="tools/calculator" element={<CalculatorPage />} />
          <Route path="broadcasts" element={<BroadcastsPage />} />
          <Route path="knowledge" element={<KnowledgePage />} />
          <Route path="customers/*" element={<CustomersPage />} />
          <Route path="aftersales/*" element={<AftersalesPage />} />
          <Route path="logistics/*" element={<LogisticsPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
