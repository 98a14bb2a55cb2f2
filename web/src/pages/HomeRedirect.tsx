import { Navigate } from 'react-router';
import { useMe } from '../api/auth';
import { homeFor } from '../lib/navigation';

export function HomeRedirect() {
  const { data: me } = useMe();
  return me ? <Navigate to={homeFor(me)} replace /> : null;
}
