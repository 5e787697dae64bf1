-- retail_etl.load_summary, set-based: one row per store with fact rows on the
-- day (the legacy cursor looped over the day's fact rows grouped by store, so a
-- store without sales has no row), with the category of the highest net amount.
-- The legacy picked it with ORDER BY amount DESC, p.category + ROWNUM = 1 over an
-- inner join with dim_product (lines of unknown products, key -1, never count);
-- ROW_NUMBER() with the same ORDER BY picks the same row, and a store whose lines
-- are all of unknown products gets NULL (the legacy's NO_DATA_FOUND handler).
-- ANSI LEFT JOIN rather than (+): the outer side is a derived table.
SELECT :day AS sale_date,
       t.store_id,
       t.txn_count,
       t.net_amount,
       c.category AS top_category
  FROM (SELECT store_id,
               COUNT(DISTINCT txn_id) AS txn_count,
               SUM(net_amount) AS net_amount
          FROM dw.fact_sales
         WHERE date_key = TO_NUMBER(TO_CHAR(:day, 'YYYYMMDD'))
         GROUP BY store_id) t
  LEFT JOIN (SELECT r.store_id, r.category
               FROM (SELECT a.store_id,
                            a.category,
                            ROW_NUMBER() OVER (PARTITION BY a.store_id
                                               ORDER BY a.amount DESC, a.category) AS rn
                       FROM (SELECT f.store_id, p.category, SUM(f.net_amount) AS amount
                               FROM dw.fact_sales f, dw.dim_product p
                              WHERE f.product_key = p.product_key
                                AND f.date_key = TO_NUMBER(TO_CHAR(:day, 'YYYYMMDD'))
                              GROUP BY f.store_id, p.category) a) r
              WHERE r.rn = 1) c
    ON c.store_id = t.store_id
