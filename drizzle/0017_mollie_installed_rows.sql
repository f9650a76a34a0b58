-- The connection status named `active` meant "installed, not connected": it is now `installed`.
UPDATE `mollie_connections` SET `status` = 'installed' WHERE `status` = 'active';
