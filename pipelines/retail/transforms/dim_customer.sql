-- retail_etl.load_customers: the CRM extract, type 1 (merged on customer_id).
-- A customer without a loyalty tier is BASIC.
SELECT customer_id,
       full_name,
       email,
       birth_date,
       NVL(loyalty_tier, 'BASIC') AS loyalty_tier,
       SYSDATE AS updated_at
  FROM stg.customer
