-- retail_etl.load_stores: the store master of the day, type 1 (merged on
-- store_id by the `merge` strategy; stores missing from the file are kept).
-- A status of 'C' is a closed store; any other status, NULL included, is open.
SELECT store_id,
       store_name,
       region_code,
       open_date,
       DECODE(status, 'C', 'N', 'Y') AS is_open,
       SYSDATE AS updated_at
  FROM stg.store
