-- The state, province, emirate ... of an address (Google's address dataset names it "country
-- area"): optional input, checked against the dataset's areas of the country when given.
-- Empty for every address typed before; addresses on checkouts and orders are jsonb snapshots
-- and carry it as "countryArea" from now on.
alter table addresses add column country_area text not null default '';
