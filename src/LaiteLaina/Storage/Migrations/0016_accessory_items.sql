-- Accessories as items (issue #17): every stored list of accessories holds one item a line, each as it was given, so
-- "USB-C-laturi 25 W ja 1,5 m kaapeli" stays one item (Inventory/AccessoryList.cs). The existing columns keep their
-- meaning and their NULL for "none", which the return audit's index and the loan totals' triggers test; a return now
-- also keeps the accessories that came back damaged. The old lines become items per engine, in the files next to this.
ALTER TABLE loans ADD COLUMN accessories_damaged TEXT;
