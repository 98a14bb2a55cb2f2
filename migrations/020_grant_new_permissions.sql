-- Accounts made before after-sales and offline payments existed get the permissions their role now starts with:
-- the warehouse receives returned parcels; customer service and finance record bank transfers; supervisors both.
update accounts set permissions = array_append(permissions, 'refund.goods')
  where role in ('warehouse', 'supervisor') and not ('refund.goods' = any(permissions));
update accounts set permissions = array_append(permissions, 'payment.offline')
  where role in ('service', 'finance', 'supervisor') and not ('payment.offline' = any(permissions));
