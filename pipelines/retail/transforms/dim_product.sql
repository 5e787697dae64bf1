-- retail_etl.load_products: type 2 history of the product master.

-- Close the current version of every product whose name, category or price
-- changed: it was valid until the day before the new version takes effect.
UPDATE dw.dim_product d
   SET d.valid_to   = (SELECT s.effective_date - 1
                         FROM stg.product s
                        WHERE s.product_code = d.product_code),
       d.is_current = 'N'
 WHERE d.is_current = 'Y'
   AND EXISTS (SELECT 1
                 FROM stg.product s
                WHERE s.product_code = d.product_code
                  AND (   NVL(s.product_name, '~') <> NVL(d.product_name, '~')
                       OR NVL(s.category, '~')     <> NVL(d.category, '~')
                       OR NVL(s.list_price, -1)    <> NVL(d.list_price, -1)));

-- Open a version for every product without a current one: the ones just
-- closed and the new ones. product_key is an IDENTITY column (was
-- dw.product_key_seq.NEXTVAL), so it is left out of the column list.
INSERT INTO dw.dim_product
       (product_code, product_name, category, list_price,
        valid_from, valid_to, is_current)
SELECT s.product_code, s.product_name, s.category, s.list_price,
       s.effective_date, NULL, 'Y'
  FROM stg.product s
 WHERE NOT EXISTS (SELECT 1
                     FROM dw.dim_product d
                    WHERE d.product_code = s.product_code
                      AND d.is_current = 'Y');
