-- A loan's line was written "item; item" after check-out had already cut it at every comma: it becomes the items it
-- was always shown as (a decimal comma cut then cannot be told from a list comma now, so it is not guessed back).
UPDATE loans SET accessories_out = replace(accessories_out, '; ', chr(10)) WHERE accessories_out LIKE '%; %';
UPDATE loans SET accessories_missing = replace(accessories_missing, '; ', chr(10)) WHERE accessories_missing LIKE '%; %';
-- A device's defaults were written "item, item" by the forms and as typed by the command line and the CSV import: a
-- comma and a space part two items, while a decimal comma ("1,5 m") has no space after it and stays inside its item.
UPDATE devices SET accessories = replace(accessories, ', ', chr(10)) WHERE accessories LIKE '%, %';
