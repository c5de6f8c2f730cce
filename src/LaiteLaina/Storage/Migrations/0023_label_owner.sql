-- Labels name the organisation that owns the device, not the product: 0005 stored the product's name as the label's
-- owner line, which now falls back to organisation_name. An owner line an office set itself stays.
DELETE FROM settings WHERE name = 'label_organisation' AND value = 'LaiteLaina';
